package io.koreanllm.operator.backend;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.koreanllm.operator.api.LlmBackend;

/** A backend that runs its own pods gets a NetworkPolicy, unless the operator is told to make none. */
public class NetworkPolicyWanted implements Condition<Object, LlmBackend> {

  @Override
  public boolean isMet(DependentResource<Object, LlmBackend> dependentResource, LlmBackend backend,
      Context<LlmBackend> context) {
    return backend.getSpec().externalUrl == null && BackendNetworkPolicy.access(context).enabled();
  }
}
