package io.koreanllm.gateway.stats;

import io.koreanllm.gateway.quota.QuotaStore;
import io.koreanllm.gateway.usage.UsageLedger;
import io.koreanllm.policy.EffectiveLimits;
import io.koreanllm.policy.Policy;
import io.koreanllm.policy.UserPolicy;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import org.springframework.stereotype.Component;
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
    return Mono.zip(store.snapshot(user.name(), zone), ledger.totals(user.name(), today, today))
        .map(both -> new UserStats(user.name(), user.displayName(), user.description(), user.suspended(),
            zone.getId(), limits, UserStats.Windows.of(both.getT1()), UserStats.Today.of(today, both.getT2()),
            UserStats.Remaining.of(limits, both.getT1()), both.getT1().cooldownUntil()));
  }
}
