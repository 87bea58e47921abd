package io.koreanllm.operator.user;

import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.koreanllm.operator.api.KoreanLlmUser;

import java.util.Objects;

/**
 * Reconcile a user when its spec changed or a key rotation was asked for. The rotation is an annotation,
 * which does not change the generation, so the usual generation filter would drop it; status updates
 * (including our own) are still ignored.
 */
public class SpecOrRotationChanged implements OnUpdateFilter<KoreanLlmUser> {

  @Override
  public boolean accept(KoreanLlmUser newUser, KoreanLlmUser oldUser) {
    return !Objects.equals(newUser.getMetadata().getGeneration(), oldUser.getMetadata().getGeneration())
        || !ApiKeySecret.rotationRequested(newUser).equals(ApiKeySecret.rotationRequested(oldUser));
  }
}
