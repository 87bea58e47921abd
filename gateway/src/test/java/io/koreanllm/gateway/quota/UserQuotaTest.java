package io.koreanllm.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.koreanllm.policy.EffectiveLimits;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class UserQuotaTest {

  private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
  /** 2026-11-22 10:00 in Seoul. */
  private static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");

  private final UserQuota quota = new UserQuota("user1");
  private int ids;

  private static EffectiveLimits limits(int rpm, int tpm, long tph, long tpd, int cooldown, int concurrent) {
    return new EffectiveLimits(rpm, tpm, tph, tpd, cooldown, concurrent, 0);
  }

  private Admission admit(EffectiveLimits limits, long tokens, Instant at) {
    return quota.admit(new AdmissionRequest("req-" + ids++, "user1", "m", limits, tokens / 2, tokens, SEOUL), at);
  }

  @Test
  void refusesTheRequestPastRpmWithTheTimeUntilTheOldestLeaves() {
    EffectiveLimits limits = limits(3, 0, 0, 0, 0, 0);
    for (int i = 0; i < 3; i++) {
      assertThat(admit(limits, 10, T0.plusSeconds(i * 10))).isInstanceOf(Admission.Admitted.class);
    }
    Admission fourth = admit(limits, 10, T0.plusSeconds(30));
    assertThat(fourth).isInstanceOfSatisfying(Admission.Denied.class, denied -> {
      assertThat(denied.limit()).isEqualTo(LimitCode.RPM);
      assertThat(denied.retryAfter()).isEqualTo(Duration.ofSeconds(31)); // the T0 bucket leaves at T0 + 61 s
      assertThat(denied.status().remainingRequests()).isZero();
      assertThat(denied.status().limitRequests()).isEqualTo(3);
    });
    assertThat(admit(limits, 10, T0.plusSeconds(61))).isInstanceOf(Admission.Admitted.class);
  }

  @Test
  void tokenWindowsCountReservationsAndNameTheLimitThatRefused() {
    assertThat(admit(limits(0, 100, 0, 0, 0, 0), 80, T0)).isInstanceOf(Admission.Admitted.class);
    assertThat(((Admission.Denied) admit(limits(0, 100, 0, 0, 0, 0), 30, T0)).limit()).isEqualTo(LimitCode.TPM);
    assertThat(((Admission.Denied) admit(limits(0, 0, 100, 0, 0, 0), 30, T0)).limit()).isEqualTo(LimitCode.TPH);
    assertThat(((Admission.Denied) admit(limits(0, 0, 0, 100, 0, 0), 30, T0)).limit()).isEqualTo(LimitCode.TPD);
  }

  @Test
  void theDayIsTheKoreanCalendarDay() {
    EffectiveLimits limits = limits(0, 0, 0, 100, 0, 0);
    Instant beforeMidnightSeoul = Instant.parse("2026-11-22T14:59:00Z"); // 23:59 in Seoul
    assertThat(admit(limits, 100, beforeMidnightSeoul)).isInstanceOf(Admission.Admitted.class);
    Admission denied = admit(limits, 1, beforeMidnightSeoul.plusSeconds(30));
    assertThat(denied).isInstanceOfSatisfying(Admission.Denied.class, d -> {
      assertThat(d.limit()).isEqualTo(LimitCode.TPD);
      assertThat(d.retryAfter()).isEqualTo(Duration.ofSeconds(30)); // until 00:00 in Seoul
    });
    assertThat(admit(limits, 100, Instant.parse("2026-11-22T15:00:00Z"))).isInstanceOf(Admission.Admitted.class);
  }

  @Test
  void aRefusalStartsTheCooldownThatRefusesEverythingUntilItEnds() {
    EffectiveLimits limits = limits(1, 0, 0, 0, 5, 0);
    admit(limits, 1, T0);
    Admission denied = admit(limits, 1, T0.plusSeconds(1));
    assertThat(((Admission.Denied) denied).limit()).isEqualTo(LimitCode.RPM);
    assertThat(((Admission.Denied) denied).retryAfter()).isEqualTo(Duration.ofMinutes(5));
    Admission during = admit(limits, 1, T0.plusSeconds(120));
    assertThat(during).isInstanceOfSatisfying(Admission.Denied.class, d -> {
      assertThat(d.limit()).isEqualTo(LimitCode.COOLDOWN);
      assertThat(d.retryAfter()).isEqualTo(Duration.ofSeconds(181));
    });
    assertThat(admit(limits, 1, T0.plusSeconds(302))).isInstanceOf(Admission.Admitted.class);
  }

  @Test
  void capsRequestsInFlightAndFreesTheSlotOnSettlement() {
    EffectiveLimits limits = limits(0, 0, 0, 0, 3, 2);
    Admission.Admitted first = (Admission.Admitted) admit(limits, 1, T0);
    admit(limits, 1, T0);
    Admission third = admit(limits, 1, T0);
    assertThat(((Admission.Denied) third).limit()).isEqualTo(LimitCode.CONCURRENCY);
    // a concurrency refusal is no rate limit: no cooldown follows it
    assertThat(quota.settle(first.reservation().requestId(), new Usage(1, 0), T0)).isTrue();
    assertThat(admit(limits, 1, T0)).isInstanceOf(Admission.Admitted.class);
  }

  @Test
  void settlementReplacesTheReservationOnceAndOnlyOnce() {
    EffectiveLimits limits = limits(0, 1000, 10_000, 100_000, 0, 0);
    Admission.Admitted admitted = (Admission.Admitted) admit(limits, 600, T0);
    String id = admitted.reservation().requestId();
    assertThat(quota.settle(id, new Usage(100, 50), T0.plusSeconds(5))).isTrue();
    assertThat(quota.settle(id, new Usage(100, 50), T0.plusSeconds(6))).isFalse();
    UsageSnapshot snapshot = quota.snapshot(T0.plusSeconds(6), SEOUL);
    assertThat(snapshot.tokensLastMinute()).isEqualTo(150);
    assertThat(snapshot.tokensLastHour()).isEqualTo(150);
    assertThat(snapshot.tokensToday()).isEqualTo(150);
    assertThat(snapshot.requestsLastMinute()).isEqualTo(1);
    assertThat(snapshot.inFlight()).isZero();
  }

  @Test
  void resetForgetsUsageAndCooldownAndIgnoresLaterSettlementOfOldRequests() {
    EffectiveLimits limits = limits(1, 0, 0, 0, 10, 0);
    Admission.Admitted admitted = (Admission.Admitted) admit(limits, 5, T0);
    admit(limits, 5, T0); // refused: cooldown starts
    quota.reset();
    assertThat(quota.settle(admitted.reservation().requestId(), new Usage(5, 5), T0)).isFalse();
    assertThat(quota.snapshot(T0, SEOUL)).isEqualTo(new UsageSnapshot(0, 0, 0, 0, 0, 0, null));
    assertThat(admit(limits, 5, T0.plusSeconds(1))).isInstanceOf(Admission.Admitted.class);
  }
}
