package io.koreanllm.operator.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.koreanllm.operator.api.CapacitySpec;
import io.koreanllm.operator.api.KeyHash;
import io.koreanllm.operator.api.KoreanLlmTeam;
import io.koreanllm.operator.api.KoreanLlmTeamSpec;
import io.koreanllm.operator.api.KoreanLlmUser;
import io.koreanllm.operator.api.KoreanLlmUserSpec;
import io.koreanllm.operator.api.LlmBackend;
import io.koreanllm.operator.api.LlmBackendSpec;
import io.koreanllm.operator.api.SharedLimits;
import io.koreanllm.operator.api.UserLimits;
import io.koreanllm.operator.backend.BackendService;
import io.koreanllm.operator.backend.EngineCommand;
import io.koreanllm.operator.backend.EngineSettings;
import io.koreanllm.policy.ApiKey;
import io.koreanllm.policy.Capacity;
import io.koreanllm.policy.Limits;
import io.koreanllm.policy.ModelRoute;
import io.koreanllm.policy.TeamPolicy;
import io.koreanllm.policy.UserPolicy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The policy's entries for the custom resources. The policy's records check every value, so a spec that got
 * past the CRD's validation fails here with an {@link IllegalArgumentException} naming the field.
 *
 * <p>Users and teams are named {@code <namespace>/<name>} in the policy, so that two namespaces may each have a
 * {@code kim}; the gateway reports usage under that name too.
 */
public final class PolicyEntries {

  /** The context length of a model whose backend gives none: what the gateway caps requests at. */
  public static final int DEFAULT_CONTEXT_LENGTH = 8192;

  private PolicyEntries() {
  }

  /** A user's or a team's name in the policy: {@code <namespace>/<name>}. */
  public static String policyName(HasMetadata resource) {
    return policyName(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
  }

  /** The policy name of the team the user's spec names, or null when it names none. */
  public static String teamOf(KoreanLlmUser user) {
    String team = user.getSpec().team;
    return team == null ? null : policyName(user.getMetadata().getNamespace(), team);
  }

  private static String policyName(String namespace, String name) {
    return namespace + "/" + name;
  }

  /** The user with the keys its status lists that still work at {@code now}. */
  public static UserPolicy user(KoreanLlmUser user, Instant now) {
    KoreanLlmUserSpec spec = user.getSpec();
    List<KeyHash> listed = user.getStatus() != null ? user.getStatus().keys : List.of();
    List<ApiKey> keys = listed.stream()
        .filter(key -> key.expiresAt == null || Instant.parse(key.expiresAt).isAfter(now))
        .map(key -> new ApiKey(key.id, key.sha256))
        .toList();
    return new UserPolicy(policyName(user), spec.displayName, spec.description, userLimits(spec.limits),
        spec.models, keys, spec.suspended, teamOf(user), spec.priority != null ? spec.priority.policyClass() : null,
        modelLimits(spec.modelLimits));
  }

  public static TeamPolicy team(KoreanLlmTeam team) {
    KoreanLlmTeamSpec spec = team.getSpec();
    return new TeamPolicy(policyName(team), spec.displayName, spec.description, sharedLimits(spec.limits),
        modelLimits(spec.modelLimits));
  }

  /**
   * The model clients call by the backend's served name, forwarded under its {@link EngineCommand#upstreamModel},
   * with the capacity the spec gives, else the engine's own running limit times the replicas.
   */
  public static ModelRoute route(LlmBackend backend) {
    LlmBackendSpec spec = backend.getSpec();
    Integer contextLength = EngineSettings.of(spec).maxModelLen();
    String tokenizer = spec.tokenizer != null ? spec.tokenizer : spec.model;
    return new ModelRoute(EngineCommand.servedModelName(backend), BackendService.endpoint(backend),
        spec.engine.policyEngine(), tokenizer, contextLength != null ? contextLength : DEFAULT_CONTEXT_LENGTH,
        EngineCommand.upstreamModel(backend), capacity(backend),
        spec.schedulingPolicy != null ? spec.schedulingPolicy.policy() : null);
  }

  private static Capacity capacity(LlmBackend backend) {
    CapacitySpec given = backend.getSpec().capacity;
    Integer requests = given != null ? given.maxRunningRequests : null;
    if (requests == null) {
      int replicas = backend.getSpec().replicas != null ? backend.getSpec().replicas : 1;
      requests = EngineCommand.runningLimit(backend).orElse(0) * replicas;
    }
    long tokens = given != null && given.maxTokensInFlight != null ? given.maxTokensInFlight : 0;
    return new Capacity(requests, tokens);
  }

  private static Limits userLimits(UserLimits limits) {
    if (limits == null) {
      return Limits.NONE;
    }
    return new Limits(limits.rpm, limits.tpm, limits.tph, limits.tpd, limits.cooldownMinutes, limits.maxConcurrent,
        limits.maxTokensPerRequest, limits.monthlyTokens);
  }

  /** Limits without a user's own fields: a team's, or a per-model entry's. */
  private static Limits sharedLimits(SharedLimits limits) {
    if (limits == null) {
      return Limits.NONE;
    }
    return new Limits(limits.rpm, limits.tpm, limits.tph, limits.tpd, null, limits.maxConcurrent, null,
        limits.monthlyTokens);
  }

  private static Map<String, Limits> modelLimits(Map<String, SharedLimits> given) {
    Map<String, Limits> limits = new TreeMap<>();
    if (given != null) {
      given.forEach((model, entry) -> limits.put(model, sharedLimits(entry)));
    }
    return limits;
  }
}
