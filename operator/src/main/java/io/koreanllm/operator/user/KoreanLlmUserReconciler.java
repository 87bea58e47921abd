package io.koreanllm.operator.user;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.koreanllm.operator.StatusUpdates;
import io.koreanllm.operator.api.Conditions;
import io.koreanllm.operator.api.KoreanLlmTeam;
import io.koreanllm.operator.api.KoreanLlmUser;
import io.koreanllm.operator.api.KoreanLlmUserStatus;
import io.koreanllm.operator.api.LlmBackend;
import io.koreanllm.operator.backend.EngineCommand;
import io.koreanllm.operator.policy.PolicyEntries;
import io.koreanllm.policy.ApiKey;
import io.koreanllm.policy.UserPolicy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Gives a user an API key (the workflow's {@link ApiKeySecret}, unless the user brings a Secret) and a status
 * that lists the key hashes the policy compiler publishes. An invalid spec is reported in the Ready
 * condition, not thrown: retrying would not fix it.
 */
@Workflow(dependents = @Dependent(type = ApiKeySecret.class, reconcilePrecondition = GeneratesKey.class))
@ControllerConfiguration(generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = SpecOrRotationChanged.class))
public class KoreanLlmUserReconciler implements Reconciler<KoreanLlmUser> {

  /** How often usage today is refreshed from the {@link UsageSource}. */
  static final Duration USAGE_REFRESH = Duration.ofMinutes(1);

  private final Clock clock;
  private final Duration defaultGrace;
  private final UsageSource usage;
  private InformerEventSource<LlmBackend, KoreanLlmUser> backends;
  private InformerEventSource<KoreanLlmTeam, KoreanLlmUser> teams;

  /**
   * @param defaultGrace how long a replaced key keeps working when the user's spec does not say
   * @param usage        where usage today comes from; {@link UsageSource#NONE} for nowhere
   */
  public KoreanLlmUserReconciler(Clock clock, Duration defaultGrace, UsageSource usage) {
    this.clock = clock;
    this.defaultGrace = defaultGrace;
    this.usage = usage;
  }

  // Backends and teams come and go: a user naming a model is re-checked when a backend serving that name changes,
  // a user naming a team when that team does.
  @Override
  public List<EventSource<?, KoreanLlmUser>> prepareEventSources(EventSourceContext<KoreanLlmUser> context) {
    var backendConfig = InformerEventSourceConfiguration.from(LlmBackend.class, KoreanLlmUser.class)
        .withSecondaryToPrimaryMapper((LlmBackend backend) -> context.getPrimaryCache()
            .list(user -> namedModels(user).anyMatch(EngineCommand.servedModelName(backend)::equals))
            .map(ResourceID::fromResource)
            .collect(Collectors.toSet()))
        .build();
    backends = new InformerEventSource<>(backendConfig, context);
    var teamConfig = InformerEventSourceConfiguration.from(KoreanLlmTeam.class, KoreanLlmUser.class)
        .withSecondaryToPrimaryMapper((KoreanLlmTeam team) -> context.getPrimaryCache()
            .list(team.getMetadata().getNamespace(), user -> team.getMetadata().getName().equals(user.getSpec().team))
            .map(ResourceID::fromResource)
            .collect(Collectors.toSet()))
        .build();
    teams = new InformerEventSource<>(teamConfig, context);
    return List.of(backends, teams);
  }

  /** The models the user's spec names: those it may call and those it is limited on. */
  private static Stream<String> namedModels(KoreanLlmUser user) {
    Stream<String> allowed = user.getSpec().models != null ? user.getSpec().models.stream() : Stream.empty();
    Map<String, ?> limited = user.getSpec().modelLimits != null ? user.getSpec().modelLimits : Map.of();
    return Stream.concat(allowed, limited.keySet().stream()).filter(model -> !UserPolicy.ALL_MODELS.equals(model));
  }

  @Override
  public UpdateControl<KoreanLlmUser> reconcile(KoreanLlmUser user, Context<KoreanLlmUser> context) {
    KoreanLlmUserStatus status = StatusUpdates.copy(user.getStatus(), KoreanLlmUserStatus.class);
    status.observedGeneration = user.getMetadata().getGeneration();
    status.apiKeySecret = UserKeys.secretName(user);
    Instant now = clock.instant();

    usage.tokensToday(PolicyEntries.policyName(user)).ifPresent(tokens -> status.usageToday = tokens);
    Optional<Problem> problem = updateKeys(user, context, status, now).or(() -> specProblem(user, now));
    if (problem.isEmpty()) {
      Conditions.set(status, clock, Conditions.READY, true, "KeyPublished",
          "key " + status.keyId + " is in the gateway's policy");
    } else {
      Conditions.set(status, clock, Conditions.READY, false, problem.get().reason(), problem.get().message());
    }
    return reschedule(StatusUpdates.patchIfChanged(user, status), status, now);
  }

  @Override
  public ErrorStatusUpdateControl<KoreanLlmUser> updateErrorStatus(KoreanLlmUser user,
      Context<KoreanLlmUser> context, Exception e) {
    KoreanLlmUserStatus status = StatusUpdates.copy(user.getStatus(), KoreanLlmUserStatus.class);
    return StatusUpdates.error(user, status, clock, e);
  }

  private Duration grace(KoreanLlmUser user) {
    Integer minutes = user.getSpec().apiKey != null ? user.getSpec().apiKey.rotationGraceMinutes : null;
    return minutes != null ? Duration.ofMinutes(minutes) : defaultGrace;
  }

  /** Why the user is not Ready, in the words of its condition. */
  private record Problem(String reason, String message) {
  }

  /** Lists the Secret's current key (and the keys it replaced) in the status; a problem when there is none. */
  private Optional<Problem> updateKeys(KoreanLlmUser user, Context<KoreanLlmUser> context,
      KoreanLlmUserStatus status, Instant now) {
    Optional<Secret> secret = UserKeys.secretRef(user).isPresent()
        ? Optional.ofNullable(context.getClient().secrets()
            .inNamespace(user.getMetadata().getNamespace()).withName(status.apiKeySecret).get())
        : context.getSecondaryResource(Secret.class);
    status.lastRotation = secret.flatMap(ApiKeySecret::rotatedFor).orElse(null);
    Optional<String> key = secret.flatMap(s -> ApiKeySecret.keyIn(s, UserKeys.dataKey(user)));
    if (key.isEmpty()) {
      return Optional.of(new Problem("KeyNotFound",
          "Secret " + status.apiKeySecret + " has no key " + UserKeys.dataKey(user)));
    }
    try {
      ApiKey current = ApiKey.fromPlainKey(key.get());
      status.keys = UserKeys.next(status.keys, current, now, grace(user));
      status.keyId = current.id();
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      // The policy's message describes the key without quoting it.
      return Optional.of(new Problem("InvalidKey", "Secret " + status.apiKeySecret + ": " + e.getMessage()));
    }
  }

  /**
   * What keeps the user out of the policy (a bad value), or makes part of it useless: a model no backend serves, a
   * team that does not exist.
   */
  private Optional<Problem> specProblem(KoreanLlmUser user, Instant now) {
    try {
      PolicyEntries.user(user, now);
    } catch (IllegalArgumentException e) {
      return Optional.of(new Problem("InvalidSpec", e.getMessage()));
    }
    Set<String> served = backends.list(backend -> true).map(EngineCommand::servedModelName)
        .collect(Collectors.toSet());
    List<String> unknown = namedModels(user).filter(model -> !served.contains(model)).distinct().sorted().toList();
    if (!unknown.isEmpty()) {
      return Optional.of(new Problem("UnknownModel", "no LlmBackend serves " + String.join(", ", unknown)));
    }
    String team = user.getSpec().team;
    if (team != null && teams.get(new ResourceID(team, user.getMetadata().getNamespace())).isEmpty()) {
      return Optional.of(new Problem("TeamNotFound", "no KoreanLlmTeam " + team + " in namespace "
          + user.getMetadata().getNamespace() + "; the user is in the gateway's policy without a team until it "
          + "exists"));
    }
    return Optional.empty();
  }

  /** Come back when a replaced key expires, and every minute to refresh usage when there is a source for it. */
  private UpdateControl<KoreanLlmUser> reschedule(UpdateControl<KoreanLlmUser> control, KoreanLlmUserStatus status,
      Instant now) {
    Duration delay = usage == UsageSource.NONE ? null : USAGE_REFRESH;
    Optional<Duration> untilExpiry = UserKeys.nextExpiry(status.keys).map(expiry -> Duration.between(now, expiry));
    if (untilExpiry.isPresent() && (delay == null || untilExpiry.get().compareTo(delay) < 0)) {
      delay = untilExpiry.get();
    }
    return delay == null ? control : control.rescheduleAfter(delay);
  }
}
