package io.koreanllm.operator.team;

import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.koreanllm.operator.StatusUpdates;
import io.koreanllm.operator.api.Conditions;
import io.koreanllm.operator.api.KoreanLlmTeam;
import io.koreanllm.operator.api.KoreanLlmTeamStatus;
import io.koreanllm.operator.api.KoreanLlmUser;
import io.koreanllm.operator.policy.PolicyEntries;
import io.koreanllm.operator.user.UsageSource;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reports a team's members (the KoreanLlmUsers of its namespace whose {@code spec.team} names it), the tokens they
 * spent today and this month, and whether the team's spec can be in the policy. An invalid spec is reported in the
 * Ready condition, not thrown: retrying would not fix it.
 */
@ControllerConfiguration
public class KoreanLlmTeamReconciler implements Reconciler<KoreanLlmTeam> {

  /** How often usage is refreshed from the {@link UsageSource}. */
  static final Duration USAGE_REFRESH = Duration.ofMinutes(1);

  private final Clock clock;
  private final ZoneId zone;
  private final UsageSource usage;
  private InformerEventSource<KoreanLlmUser, KoreanLlmTeam> users;

  /**
   * @param zone  the policy's daily reset zone, whose calendar day and month usage is counted in
   * @param usage where usage comes from; {@link UsageSource#NONE} for nowhere
   */
  public KoreanLlmTeamReconciler(Clock clock, ZoneId zone, UsageSource usage) {
    this.clock = clock;
    this.zone = zone;
    this.usage = usage;
  }

  /**
   * A user's event re-checks every team of its namespace: an update tells only the team the user names now, not the
   * one it left, and a namespace holds few teams. The team the user names is added by name, in case the teams' own
   * informer has not seen it yet (both are created at once). Only a change of team matters among updates.
   */
  @Override
  public List<EventSource<?, KoreanLlmTeam>> prepareEventSources(EventSourceContext<KoreanLlmTeam> context) {
    var config = InformerEventSourceConfiguration.from(KoreanLlmUser.class, KoreanLlmTeam.class)
        .withOnUpdateFilter((KoreanLlmUser newUser, KoreanLlmUser oldUser) ->
            !Objects.equals(newUser.getSpec().team, oldUser.getSpec().team))
        .withSecondaryToPrimaryMapper((KoreanLlmUser user) -> Stream.concat(
                context.getPrimaryCache().list(user.getMetadata().getNamespace()).map(ResourceID::fromResource),
                Stream.ofNullable(user.getSpec().team)
                    .map(team -> new ResourceID(team, user.getMetadata().getNamespace())))
            .collect(Collectors.toSet()))
        .build();
    users = new InformerEventSource<>(config, context);
    return List.of(users);
  }

  @Override
  public UpdateControl<KoreanLlmTeam> reconcile(KoreanLlmTeam team, Context<KoreanLlmTeam> context) {
    KoreanLlmTeamStatus status = StatusUpdates.copy(team.getStatus(), KoreanLlmTeamStatus.class);
    status.observedGeneration = team.getMetadata().getGeneration();
    List<String> members = users.list(team.getMetadata().getNamespace(),
            user -> team.getMetadata().getName().equals(user.getSpec().team))
        .map(user -> user.getMetadata().getName())
        .sorted()
        .toList();
    status.members = String.join(", ", members);
    status.memberCount = members.size();
    String name = PolicyEntries.policyName(team);
    usage.teamTokens(name, LocalDate.ofInstant(clock.instant(), zone)).ifPresent(tokens -> {
      status.usedToday = tokens.today();
      status.usedThisMonth = tokens.thisMonth();
    });
    try {
      PolicyEntries.team(team);
      Conditions.set(status, clock, Conditions.READY, true, "InPolicy", "team " + name + " is in the gateway's policy");
    } catch (IllegalArgumentException e) {
      Conditions.set(status, clock, Conditions.READY, false, "InvalidSpec", e.getMessage());
    }
    UpdateControl<KoreanLlmTeam> control = StatusUpdates.patchIfChanged(team, status);
    return usage == UsageSource.NONE ? control : control.rescheduleAfter(USAGE_REFRESH);
  }

  @Override
  public ErrorStatusUpdateControl<KoreanLlmTeam> updateErrorStatus(KoreanLlmTeam team,
      Context<KoreanLlmTeam> context, Exception e) {
    KoreanLlmTeamStatus status = StatusUpdates.copy(team.getStatus(), KoreanLlmTeamStatus.class);
    return StatusUpdates.error(team, status, clock, e);
  }
}
