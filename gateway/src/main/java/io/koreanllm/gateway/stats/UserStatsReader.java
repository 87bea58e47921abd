package io.koreanllm.gateway.stats;

import io.koreanllm.gateway.quota.QuotaHolder;
import io.koreanllm.gateway.quota.QuotaScope;
import io.koreanllm.gateway.quota.QuotaScopes;
import io.koreanllm.gateway.quota.QuotaStore;
import io.koreanllm.gateway.usage.UsageLedger;
import io.koreanllm.policy.EffectiveLimits;
import io.koreanllm.policy.Policy;
import io.koreanllm.policy.TeamPolicy;
import io.koreanllm.policy.UserPolicy;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A user's {@link UserStats}: the quota store's windows (reservations included) and the ledger's settled day. */
@Component
public class UserStatsReader {

  private final QuotaStore store;
  private final UsageLedger ledger;
  private final Clock clock;

  public UserStatsReader(QuotaStore store, UsageLedger ledger, Clock clock) {
    this.store = store;
    this.ledger = ledger;
    this.clock = clock;
  }

  public Mono<UserStats> read(Policy policy, UserPolicy user) {
    ZoneId zone = policy.defaults().dailyResetZone();
    LocalDate today = LocalDate.now(clock.withZone(zone));
    EffectiveLimits limits = policy.limitsOf(user);
    QuotaHolder holder = QuotaScopes.holder(policy, user);
    Mono<List<UserStats.ModelStats>> models = perModel(holder, user.modelLimits().keySet(), zone,
        model -> QuotaScope.userOnModel(user.name(), model), model -> policy.modelLimitsOf(user, model).orElseThrow());
    Mono<UserStats.TeamStats> team = policy.teamOf(user).map(t -> team(policy, holder, t, zone))
        .orElse(Mono.empty());
    return Mono.zip(store.snapshot(holder, QuotaScope.user(user.name()), zone),
            ledger.totals(user.name(), today, today), models)
        .zipWith(team.map(Optional::of).defaultIfEmpty(Optional.empty()))
        .map(all -> {
          var own = all.getT1();
          return new UserStats(user.name(), user.displayName(), user.description(), user.suspended(),
              zone.getId(), limits, UserStats.Windows.of(own.getT1()), UserStats.Today.of(today, own.getT2()),
              UserStats.Remaining.of(limits, own.getT1()), own.getT1().cooldownUntil(), own.getT3(),
              all.getT2().orElse(null));
        });
  }

  private Mono<UserStats.TeamStats> team(Policy policy, QuotaHolder holder, TeamPolicy team, ZoneId zone) {
    EffectiveLimits limits = policy.limitsOf(team);
    Mono<List<UserStats.ModelStats>> models = perModel(holder, team.modelLimits().keySet(), zone,
        model -> QuotaScope.teamOnModel(team.name(), model), model -> policy.modelLimitsOf(team, model).orElseThrow());
    return Mono.zip(store.snapshot(holder, QuotaScope.team(team.name()), zone), models)
        .map(both -> new UserStats.TeamStats(team.name(), team.displayName(), limits,
            UserStats.Windows.of(both.getT1()), UserStats.Remaining.of(limits, both.getT1()), both.getT2()));
  }

  private Mono<List<UserStats.ModelStats>> perModel(QuotaHolder holder, Set<String> models, ZoneId zone,
      Function<String, QuotaScope> scope, Function<String, EffectiveLimits> limits) {
    return Flux.fromIterable(models)
        .concatMap(model -> store.snapshot(holder, scope.apply(model), zone)
            .map(snapshot -> UserStats.ModelStats.of(model, limits.apply(model), snapshot)))
        .collectList();
  }
}
