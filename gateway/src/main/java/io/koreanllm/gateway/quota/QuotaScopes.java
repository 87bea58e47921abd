package io.koreanllm.gateway.quota;

import io.koreanllm.policy.Policy;
import io.koreanllm.policy.TeamPolicy;
import io.koreanllm.policy.UserPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which limits a request must fit: the user's own (always, first), the user's on the model when given, the team's
 * when the user is in one (always, so the team's usage is counted even while it has no limit), and the team's on
 * the model when given.
 */
public final class QuotaScopes {

  private QuotaScopes() {
  }

  public static List<ScopedLimits> of(Policy policy, UserPolicy user, String model) {
    List<ScopedLimits> scopes = new ArrayList<>(4);
    scopes.add(new ScopedLimits(QuotaScope.user(user.name()), policy.limitsOf(user)));
    policy.modelLimitsOf(user, model)
        .ifPresent(limits -> scopes.add(new ScopedLimits(QuotaScope.userOnModel(user.name(), model), limits)));
    Optional<TeamPolicy> team = policy.teamOf(user);
    team.ifPresent(t -> {
      scopes.add(new ScopedLimits(QuotaScope.team(t.name()), policy.limitsOf(t)));
      policy.modelLimitsOf(t, model)
          .ifPresent(limits -> scopes.add(new ScopedLimits(QuotaScope.teamOnModel(t.name(), model), limits)));
    });
    return scopes;
  }

  public static QuotaHolder holder(Policy policy, UserPolicy user) {
    return new QuotaHolder(user.name(), policy.teamOf(user).map(TeamPolicy::name).orElse(null));
  }
}
