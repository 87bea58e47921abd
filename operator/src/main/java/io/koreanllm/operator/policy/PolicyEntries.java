package io.koreanllm.operator.policy;

import io.koreanllm.operator.api.KeyHash;
import io.koreanllm.operator.api.KoreanLlmUser;
import io.koreanllm.operator.api.KoreanLlmUserSpec;
import io.koreanllm.operator.api.LlmBackend;
import io.koreanllm.operator.api.UserLimits;
import io.koreanllm.operator.backend.BackendService;
import io.koreanllm.operator.backend.EngineCommand;
import io.koreanllm.operator.backend.EngineSettings;
import io.koreanllm.policy.ApiKey;
import io.koreanllm.policy.Limits;
import io.koreanllm.policy.ModelRoute;
import io.koreanllm.policy.UserPolicy;

import java.time.Instant;
import java.util.List;

/**
 * The policy's entries for the custom resources. The policy's records check every value, so a spec that got
 * past the CRD's validation fails here with an {@link IllegalArgumentException} naming the field.
 */
public final class PolicyEntries {

  /** The context length of a model whose backend gives none: what the gateway caps requests at. */
  public static final int DEFAULT_CONTEXT_LENGTH = 8192;

  private PolicyEntries() {
  }

  /** The user with the keys its status lists that still work at {@code now}. */
  public static UserPolicy user(KoreanLlmUser user, Instant now) {
    KoreanLlmUserSpec spec = user.getSpec();
    List<KeyHash> listed = user.getStatus() != null ? user.getStatus().keys : List.of();
    List<ApiKey> keys = listed.stream()
        .filter(key -> key.expiresAt == null || Instant.parse(key.expiresAt).isAfter(now))
        .map(key -> new ApiKey(key.id, key.sha256))
        .toList();
    return new UserPolicy(user.getMetadata().getName(), spec.displayName, spec.description, limits(spec.limits),
        spec.models, keys, spec.suspended);
  }

  public static ModelRoute route(LlmBackend backend) {
    Integer contextLength = EngineSettings.of(backend.getSpec()).maxModelLen();
    String tokenizer = backend.getSpec().tokenizer != null ? backend.getSpec().tokenizer : backend.getSpec().model;
    return new ModelRoute(EngineCommand.servedModelName(backend), BackendService.endpoint(backend),
        backend.getSpec().engine.policyEngine(), tokenizer,
        contextLength != null ? contextLength : DEFAULT_CONTEXT_LENGTH);
  }

  private static Limits limits(UserLimits limits) {
    if (limits == null) {
      return Limits.NONE;
    }
    return new Limits(limits.rpm, limits.tpm, limits.tph, limits.tpd, limits.cooldownMinutes, limits.maxConcurrent,
        limits.maxTokensPerRequest);
  }
}
