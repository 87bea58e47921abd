package io.koreanllm.operator.backend;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.koreanllm.operator.api.LlmBackend;

/** A backend with an {@code externalUrl} runs no Deployment or Service of its own (any left over is removed). */
public class RunsItsOwnServer implements Condition<Object, LlmBackend> {

  @Override
  public boolean isMet(DependentResource<Object, LlmBackend> dependentResource, LlmBackend backend,
      Context<LlmBackend> context) {
    return backend.getSpec().externalUrl == null;
  }
}
