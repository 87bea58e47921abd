package io.koreanllm.gateway.stats;

import io.koreanllm.gateway.quota.QuotaHolder;
import io.koreanllm.gateway.quota.QuotaScope;
import io.koreanllm.gateway.quota.QuotaStore;
import io.koreanllm.gateway.usage.DailyUsage;
import io.koreanllm.gateway.usage.UsageLedger;
import io.koreanllm.policy.EffectiveLimits;
import io.koreanllm.policy.Policy;
import io.koreanllm.policy.TeamPolicy;
import io.koreanllm.policy.UserPolicy;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Every team's {@link TeamUsage}, in the policy's order. */
@Component
public class TeamUsageReader {

  private final QuotaStore store;
  private final UsageLedger ledger;
  private final Clock clock;

  public TeamUsageReader(QuotaStore store, UsageLedger ledger, Clock clock) {
    this.store = store;
    this.ledger = ledger;
    this.clock = clock;
  }

  public Mono<List<TeamUsage>> read(Policy policy) {
    if (policy.teams().isEmpty()) {
      return Mono.just(List.of());
    }
    ZoneId zone = policy.defaults().dailyResetZone();
    LocalDate today = LocalDate.now(clock.withZone(zone));
    return ledger.daily(today.withDayOfMonth(1), today).flatMap(month -> Flux.fromIterable(policy.teams())
        .concatMap(team -> read(policy, team, zone, today, month))
        .collectList());
  }

  private Mono<TeamUsage> read(Policy policy, TeamPolicy team, ZoneId zone, LocalDate today,
      List<DailyUsage> month) {
    List<DailyUsage> charged = month.stream().filter(day -> team.name().equals(day.team())).toList();
    long teamMonth = charged.stream().mapToLong(DailyUsage::totalTokens).sum();
    Map<String, Long> byUserMonth = charged.stream()
        .collect(Collectors.groupingBy(DailyUsage::user, Collectors.summingLong(DailyUsage::totalTokens)));
    Map<String, Long> byUserToday = charged.stream().filter(day -> day.day().equals(today))
        .collect(Collectors.groupingBy(DailyUsage::user, Collectors.summingLong(DailyUsage::totalTokens)));
    List<TeamUsage.Member> members = policy.users().stream().filter(user -> team.name().equals(user.team()))
        .map(user -> member(user, byUserToday, byUserMonth, teamMonth)).toList();
    EffectiveLimits limits = policy.limitsOf(team);
    // Any member's holder finds the team's state: all of it lives under the team.
    QuotaHolder holder = new QuotaHolder(team.name(), team.name());
    return store.snapshot(holder, QuotaScope.team(team.name()), zone)
        .map(snapshot -> new TeamUsage(team.name(), team.displayName(), team.description(), limits,
            UserStats.Windows.of(snapshot), UserStats.Remaining.of(limits, snapshot), members));
  }

  private static TeamUsage.Member member(UserPolicy user, Map<String, Long> today, Map<String, Long> month,
      long teamMonth) {
    long used = month.getOrDefault(user.name(), 0L);
    return new TeamUsage.Member(user.name(), user.displayName(), today.getOrDefault(user.name(), 0L), used,
        teamMonth == 0 ? 0 : (double) used / teamMonth);
  }
}
