package io.koreanllm.gateway.quota;

import io.koreanllm.gateway.usage.DailyUsage;
import io.koreanllm.gateway.usage.Outcome;
import io.koreanllm.gateway.usage.SqliteUsageLedger;
import io.koreanllm.gateway.usage.Usage;
import io.koreanllm.gateway.usage.UsageEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The quota store of one process: state in memory (an admission is a lock and a few array updates), every
 * settlement and cooldown written to the SQLite ledger, from which the state is rebuilt at start.
 */
public final class EmbeddedQuotaStore implements QuotaStore {

  /** The rebuild must see the whole hour window plus the one bucket it may hold an event longer. */
  private static final Duration REBUILD_SPAN = Duration.ofMinutes(61);

  private final Clock clock;
  private final SqliteUsageLedger ledger;
  private final LocalQuotas quotas;

  public EmbeddedQuotaStore(Clock clock, SqliteUsageLedger ledger) {
    this.clock = clock;
    this.ledger = ledger;
    this.quotas = new LocalQuotas(clock);
  }

  /**
   * Rebuilds windows, the days' and months' totals and cooldowns from the ledger; call once before serving. What a
   * reset forgave counts for the team only.
   */
  public void restore(ZoneId dailyResetZone) {
    Instant now = clock.instant();
    LocalDate monthStart = LocalDate.ofInstant(now, dailyResetZone).withDayOfMonth(1);
    for (SqliteUsageLedger.RecordedDay day : ledger.daysFrom(monthStart).block()) {
      DailyUsage usage = day.usage();
      for (QuotaScope scope : scopesOf(usage.user(), usage.team(), usage.model(), day.forgiven())) {
        quotas.restoreTotals(scope, usage.day(), usage.requests(), usage.totalTokens(), dailyResetZone);
      }
    }
    for (SqliteUsageLedger.RecordedEvent recorded : ledger.admittedSince(now.minus(REBUILD_SPAN)).block()) {
      UsageEvent event = recorded.event();
      for (QuotaScope scope : scopesOf(event.user(), event.team(), event.model(), recorded.forgiven())) {
        quotas.restoreWindows(scope, event.admittedAt(), event.totalTokens());
      }
    }
    ledger.cooldownsAfter(now).block().forEach(quotas::restoreCooldown);
  }

  /** The scopes a past request counted in; per-model ones whether or not they are limited now. */
  private static List<QuotaScope> scopesOf(String user, String team, String model, boolean forgiven) {
    List<QuotaScope> scopes = new ArrayList<>(4);
    if (!forgiven) {
      scopes.add(QuotaScope.user(user));
      scopes.add(QuotaScope.userOnModel(user, model));
    }
    if (team != null) {
      scopes.add(QuotaScope.team(team));
      scopes.add(QuotaScope.teamOnModel(team, model));
    }
    return scopes;
  }

  @Override
  public Mono<Admission> admit(AdmissionRequest request) {
    Instant cooldownBefore = quotas.cooldownUntil(request.user());
    Admission admission = quotas.admit(request);
    Instant cooldownAfter = quotas.cooldownUntil(request.user());
    if (!cooldownAfter.equals(cooldownBefore)) {
      return ledger.saveCooldown(request.user(), cooldownAfter).thenReturn(admission);
    }
    return Mono.just(admission);
  }

  @Override
  public Mono<Boolean> settle(Reservation reservation, Usage usage, Outcome outcome) {
    Instant now = clock.instant();
    if (!quotas.settle(reservation, usage)) {
      return Mono.just(false);
    }
    return ledger.record(new UsageEvent(reservation.requestId(), reservation.user(), reservation.team(),
        reservation.model(), reservation.admittedAt(), now, reservation.day(), usage.promptTokens(),
        usage.completionTokens(), outcome));
  }

  @Override
  public Mono<Boolean> release(Reservation reservation) {
    return Mono.fromSupplier(() -> quotas.release(reservation));
  }

  @Override
  public Mono<UsageSnapshot> snapshot(QuotaHolder holder, QuotaScope scope, ZoneId dailyResetZone) {
    return Mono.fromSupplier(() -> quotas.snapshot(scope, dailyResetZone));
  }

  @Override
  public Mono<Void> reset(QuotaHolder holder, Collection<String> models) {
    quotas.reset(holder.user());
    return ledger.markReset(holder.user(), clock.instant());
  }
}
