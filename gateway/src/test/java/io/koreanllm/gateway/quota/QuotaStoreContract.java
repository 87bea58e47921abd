package io.koreanllm.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.koreanllm.gateway.support.MutableClock;
import io.koreanllm.gateway.usage.Outcome;
import io.koreanllm.gateway.usage.Usage;
import io.koreanllm.gateway.usage.UsageLedger;
import io.koreanllm.gateway.usage.UsageTotals;
import io.koreanllm.policy.EffectiveLimits;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What every quota store must do, whatever holds its state: each store's test class extends this and builds the
 * store on {@link #clock}, so windows are tested by moving time, not by sleeping.
 */
abstract class QuotaStoreContract {

  static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
  /** 2026-11-22 10:00 in Seoul. */
  static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");

  protected final MutableClock clock = new MutableClock(T0);
  private final AtomicInteger ids = new AtomicInteger();

  protected abstract QuotaStore store();

  protected abstract UsageLedger ledger();

  static EffectiveLimits limits(int rpm, int tpm, long tph, long tpd, int cooldown, int concurrent) {
    return new EffectiveLimits(rpm, tpm, tph, tpd, cooldown, concurrent, 0);
  }

  private Admission admit(String user, EffectiveLimits limits, long tokens) {
    return store().admit(new AdmissionRequest("req-" + ids.incrementAndGet(), user, "m", limits, tokens / 2, tokens,
        SEOUL)).block();
  }

  private Admission.Admitted admitted(String user, EffectiveLimits limits, long tokens) {
    Admission admission = admit(user, limits, tokens);
    assertThat(admission).isInstanceOf(Admission.Admitted.class);
    return (Admission.Admitted) admission;
  }

  private Admission.Denied denied(String user, EffectiveLimits limits, long tokens) {
    Admission admission = admit(user, limits, tokens);
    assertThat(admission).isInstanceOf(Admission.Denied.class);
    return (Admission.Denied) admission;
  }

  private boolean settle(Admission.Admitted admitted, long prompt, long completion) {
    return store().settle(admitted.reservation(), new Usage(prompt, completion), Outcome.COMPLETED).block();
  }

  private UsageSnapshot snapshot(String user) {
    return store().snapshot(user, SEOUL).block();
  }

  @Test
  void refusesTheRequestPastRpmUntilTheOldestLeaves() {
    EffectiveLimits limits = limits(3, 0, 0, 0, 0, 0);
    for (int i = 0; i < 3; i++) {
      admitted("a", limits, 10);
      clock.advance(Duration.ofSeconds(10));
    }
    Admission.Denied fourth = denied("a", limits, 10);
    assertThat(fourth.limit()).isEqualTo(LimitCode.RPM);
    assertThat(fourth.retryAfter()).isEqualTo(Duration.ofSeconds(31)); // the T0 bucket leaves at T0 + 61 s
    assertThat(fourth.status().limitRequests()).isEqualTo(3);
    assertThat(fourth.status().remainingRequests()).isZero();
    clock.set(T0.plusSeconds(61));
    admitted("a", limits, 10);
  }

  @Test
  void tokenWindowsCountReservationsAndNameTheLimitThatRefused() {
    admitted("tpm", limits(0, 100, 0, 0, 0, 0), 80);
    assertThat(denied("tpm", limits(0, 100, 0, 0, 0, 0), 30).limit()).isEqualTo(LimitCode.TPM);
    admitted("tph", limits(0, 0, 100, 0, 0, 0), 80);
    assertThat(denied("tph", limits(0, 0, 100, 0, 0, 0), 30).limit()).isEqualTo(LimitCode.TPH);
    admitted("tpd", limits(0, 0, 0, 100, 0, 0), 80);
    assertThat(denied("tpd", limits(0, 0, 0, 100, 0, 0), 30).limit()).isEqualTo(LimitCode.TPD);
  }

  @Test
  void theHourWindowHoldsTokensForAnHourNotAMinute() {
    EffectiveLimits limits = limits(0, 0, 100, 0, 0, 0);
    admitted("h", limits, 100);
    clock.advance(Duration.ofMinutes(30));
    Admission.Denied denied = denied("h", limits, 1);
    assertThat(denied.retryAfter()).isEqualTo(Duration.ofMinutes(31)); // 61 one-minute buckets from T0
    clock.advance(Duration.ofMinutes(31));
    admitted("h", limits, 100);
  }

  @Test
  void theDayIsTheKoreanCalendarDay() {
    EffectiveLimits limits = limits(0, 0, 0, 100, 0, 0);
    clock.set(Instant.parse("2026-11-22T14:59:00Z")); // 23:59 in Seoul
    admitted("d", limits, 100);
    clock.advance(Duration.ofSeconds(30));
    Admission.Denied denied = denied("d", limits, 1);
    assertThat(denied.limit()).isEqualTo(LimitCode.TPD);
    assertThat(denied.retryAfter()).isEqualTo(Duration.ofSeconds(30)); // until 00:00 in Seoul
    clock.set(Instant.parse("2026-11-22T15:00:00Z"));
    assertThat(admitted("d", limits, 100).reservation().day()).isEqualTo(LocalDate.parse("2026-11-23"));
  }

  @Test
  void aRefusalStartsTheCooldownThatRefusesEverythingUntilItEnds() {
    EffectiveLimits limits = limits(1, 0, 0, 0, 5, 0);
    admitted("c", limits, 1);
    clock.advance(Duration.ofSeconds(1));
    Admission.Denied denied = denied("c", limits, 1);
    assertThat(denied.limit()).isEqualTo(LimitCode.RPM);
    assertThat(denied.retryAfter()).isEqualTo(Duration.ofMinutes(5));
    clock.advance(Duration.ofMinutes(2));
    Admission.Denied during = denied("c", limits, 1);
    assertThat(during.limit()).isEqualTo(LimitCode.COOLDOWN);
    assertThat(during.retryAfter()).isEqualTo(Duration.ofMinutes(3));
    assertThat(snapshot("c").cooldownUntil()).isEqualTo(T0.plusSeconds(301));
    clock.advance(Duration.ofMinutes(3).plusSeconds(1));
    admitted("c", limits, 1);
  }

  @Test
  void capsRequestsInFlightAndFreesTheSlotOnSettlement() {
    EffectiveLimits limits = limits(0, 0, 0, 0, 3, 2);
    Admission.Admitted first = admitted("f", limits, 1);
    admitted("f", limits, 1);
    assertThat(denied("f", limits, 1).limit()).isEqualTo(LimitCode.CONCURRENCY);
    assertThat(snapshot("f").cooldownUntil()).as("a concurrency refusal starts no cooldown").isNull();
    assertThat(settle(first, 1, 0)).isTrue();
    admitted("f", limits, 1);
  }

  @Test
  void settlementReplacesTheReservationOnceAndOnlyOnce() {
    EffectiveLimits limits = limits(0, 1000, 10_000, 100_000, 0, 0);
    Admission.Admitted admitted = admitted("s", limits, 600);
    assertThat(snapshot("s").tokensLastMinute()).isEqualTo(600);
    assertThat(snapshot("s").inFlight()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(5));
    assertThat(settle(admitted, 100, 50)).isTrue();
    assertThat(settle(admitted, 100, 50)).isFalse();
    assertThat(snapshot("s")).isEqualTo(new UsageSnapshot(1, 150, 150, 1, 150, 0, null));
    UsageTotals today = ledger().totals("s", LocalDate.parse("2026-11-22"), LocalDate.parse("2026-11-22")).block();
    assertThat(today).isEqualTo(new UsageTotals(1, 100, 50, 1));
  }

  @Test
  void aReleasedRequestCountsAsNeverAdmitted() {
    EffectiveLimits limits = limits(1, 1000, 10_000, 100_000, 0, 1);
    Admission.Admitted admitted = admitted("x", limits, 600);
    clock.advance(Duration.ofSeconds(3));
    assertThat(store().release(admitted.reservation()).block()).isTrue();
    assertThat(store().release(admitted.reservation()).block()).isFalse();
    assertThat(settle(admitted, 10, 10)).isFalse();
    assertThat(snapshot("x")).isEqualTo(new UsageSnapshot(0, 0, 0, 0, 0, 0, null));
    LocalDate today = LocalDate.parse("2026-11-22");
    assertThat(ledger().totals("x", today, today).block()).isEqualTo(UsageTotals.ZERO);
    admitted("x", limits, 600); // the rpm of 1 and the one slot in flight are free again
  }

  @Test
  void resetForgetsUsageAndCooldownAndIgnoresLaterSettlementOfOldRequests() {
    EffectiveLimits limits = limits(1, 0, 0, 0, 10, 0);
    Admission.Admitted admitted = admitted("r", limits, 5);
    denied("r", limits, 5); // cooldown starts
    store().reset("r").block();
    assertThat(settle(admitted, 5, 5)).isFalse();
    assertThat(snapshot("r")).isEqualTo(new UsageSnapshot(0, 0, 0, 0, 0, 0, null));
    LocalDate today = LocalDate.parse("2026-11-22");
    assertThat(ledger().totals("r", today, today).block()).isEqualTo(UsageTotals.ZERO);
    admitted("r", limits, 5);
  }

  @Test
  void theLedgerRanksUsersAndKeepsTheLatestEvents() {
    EffectiveLimits limits = limits(0, 0, 0, 0, 0, 0);
    settle(admitted("small", limits, 10), 3, 4);
    clock.advance(Duration.ofSeconds(1));
    settle(admitted("big", limits, 100), 30, 40);
    clock.advance(Duration.ofSeconds(1));
    settle(admitted("big", limits, 100), 10, 10);
    LocalDate today = LocalDate.parse("2026-11-22");
    assertThat(ledger().topUsers(today, today, 10).block())
        .extracting(usage -> usage.user() + "=" + usage.totalTokens()).containsExactly("big=90", "small=7");
    assertThat(ledger().topUsers(today, today, 1).block()).hasSize(1);
    assertThat(ledger().totals(null, today, today).block()).isEqualTo(new UsageTotals(3, 43, 54, 2));
    assertThat(ledger().recent(2).block()).extracting(event -> event.user() + ":" + event.totalTokens())
        .containsExactly("big:20", "big:70");
  }
}
