package io.koreanllm.operator.user;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.koreanllm.operator.api.KoreanLlmUser;

/** The operator generates a key unless the user points at a Secret of their own. */
public class GeneratesKey implements Condition<Secret, KoreanLlmUser> {

  @Override
  public boolean isMet(DependentResource<Secret, KoreanLlmUser> dependent, KoreanLlmUser user,
      Context<KoreanLlmUser> context) {
    return UserKeys.secretRef(user).isEmpty();
  }
}
