package io.koreanllm.gateway.quota;

import io.koreanllm.gateway.usage.Outcome;
import io.koreanllm.gateway.usage.SqliteUsageLedger;
import io.koreanllm.gateway.usage.Usage;
import io.koreanllm.gateway.usage.UsageEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
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

  /** Rebuilds windows, today's totals and cooldowns from the ledger; call once before serving. */
  public void restore(ZoneId dailyResetZone) {
    Instant now = clock.instant();
    Instant startOfToday = LocalDate.ofInstant(now, dailyResetZone).atStartOfDay(dailyResetZone).toInstant();
    Instant since = startOfToday.isBefore(now.minus(REBUILD_SPAN)) ? startOfToday : now.minus(REBUILD_SPAN);
    for (UsageEvent event : ledger.countedSince(since).block()) {
      quotas.quota(event.user()).restore(event.admittedAt(), event.totalTokens(), event.day(), dailyResetZone, now);
    }
    ledger.cooldownsAfter(now).block().forEach((user, until) -> quotas.quota(user).restoreCooldown(until));
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
    return ledger.record(new UsageEvent(reservation.requestId(), reservation.user(), reservation.model(),
        reservation.admittedAt(), now, reservation.day(), usage.promptTokens(), usage.completionTokens(), outcome));
  }

  @Override
  public Mono<Boolean> release(Reservation reservation) {
    return Mono.fromSupplier(() -> quotas.release(reservation));
  }

  @Override
  public Mono<UsageSnapshot> snapshot(String user, ZoneId dailyResetZone) {
    return Mono.fromSupplier(() -> quotas.snapshot(user, dailyResetZone));
  }

  @Override
  public Mono<Void> reset(String user) {
    quotas.reset(user);
    return ledger.markReset(user, clock.instant());
  }
}
