package io.koreanllm.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.koreanllm.gateway.support.MutableClock;
import io.koreanllm.gateway.usage.DailyUsage;
import io.koreanllm.gateway.usage.Outcome;
import io.koreanllm.gateway.usage.Usage;
import io.koreanllm.gateway.usage.UsageEvent;
import io.koreanllm.gateway.usage.UsageLedger;
import io.koreanllm.gateway.usage.UsageTotals;
import io.koreanllm.policy.EffectiveLimits;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
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

  static EffectiveLimits monthly(long monthlyTokens, long tpd) {
    return new EffectiveLimits(0, 0, 0, tpd, 0, 0, 0, monthlyTokens);
  }

  /** A request of a user in no team, under the user's own limits only. */
  private Admission admit(String user, EffectiveLimits limits, long tokens) {
    return admit(QuotaHolder.alone(user), "m", tokens, new ScopedLimits(QuotaScope.user(user), limits));
  }

  /** A request counted in the given scopes, the user's own first. */
  private Admission admit(QuotaHolder holder, String model, long tokens, ScopedLimits... scopes) {
    return store().admit(new AdmissionRequest("req-" + ids.incrementAndGet(), holder, model, List.of(scopes),
        tokens / 2, tokens, SEOUL)).block();
  }

  private Admission.Admitted admitted(String user, EffectiveLimits limits, long tokens) {
    return admitted(admit(user, limits, tokens));
  }

  private Admission.Denied denied(String user, EffectiveLimits limits, long tokens) {
    return denied(admit(user, limits, tokens));
  }

  private static Admission.Admitted admitted(Admission admission) {
    assertThat(admission).isInstanceOf(Admission.Admitted.class);
    return (Admission.Admitted) admission;
  }

  private static Admission.Denied denied(Admission admission) {
    assertThat(admission).isInstanceOf(Admission.Denied.class);
    return (Admission.Denied) admission;
  }

  private boolean settle(Admission.Admitted admitted, long prompt, long completion) {
    return store().settle(admitted.reservation(), new Usage(prompt, completion), Outcome.COMPLETED).block();
  }

  private UsageSnapshot snapshot(String user) {
    return snapshot(QuotaHolder.alone(user), QuotaScope.user(user));
  }

  private UsageSnapshot snapshot(QuotaHolder holder, QuotaScope scope) {
    return store().snapshot(holder, scope, SEOUL).block();
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
    assertThat(snapshot("s")).isEqualTo(new UsageSnapshot(1, 150, 150, 1, 150, 150, 0, null));
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
    assertThat(snapshot("x")).isEqualTo(UsageSnapshot.NONE);
    LocalDate today = LocalDate.parse("2026-11-22");
    assertThat(ledger().totals("x", today, today).block()).isEqualTo(UsageTotals.ZERO);
    admitted("x", limits, 600); // the rpm of 1 and the one slot in flight are free again
  }

  @Test
  void resetForgivesTheUsersQuotaAndCooldownButTheLedgerKeepsWhatWasUsed() {
    EffectiveLimits limits = limits(1, 0, 0, 0, 10, 0);
    Admission.Admitted admitted = admitted("r", limits, 5);
    denied("r", limits, 5); // cooldown starts
    store().reset(QuotaHolder.alone("r"), List.of("m")).block();
    assertThat(snapshot("r")).isEqualTo(UsageSnapshot.NONE);
    admitted("r", limits, 5);
    // The request admitted before the reset still ends: the ledger records it, the forgiven quota stays forgiven.
    assertThat(settle(admitted, 5, 5)).isTrue();
    assertThat(settle(admitted, 5, 5)).isFalse();
    assertThat(snapshot("r").requestsLastMinute()).isEqualTo(1);
    assertThat(snapshot("r").tokensToday()).isEqualTo(5);
    LocalDate today = LocalDate.parse("2026-11-22");
    assertThat(ledger().totals("r", today, today).block()).isEqualTo(new UsageTotals(1, 5, 5, 1));
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

  // Teams, per-model limits and monthly budgets: a request counts in every scope and must fit each.

  private static final QuotaHolder KIM = new QuotaHolder("kim", "연구팀");
  private static final QuotaHolder LEE = new QuotaHolder("lee", "연구팀");
  private static final QuotaScope TEAM = QuotaScope.team("연구팀");

  private static ScopedLimits own(QuotaHolder member, EffectiveLimits limits) {
    return new ScopedLimits(QuotaScope.user(member.user()), limits);
  }

  private static ScopedLimits team(EffectiveLimits limits) {
    return new ScopedLimits(TEAM, limits);
  }

  @Test
  void aTeamLimitRefusesAMemberWhoseOwnLimitAllows() {
    EffectiveLimits roomy = limits(0, 1000, 0, 0, 5, 0);
    EffectiveLimits teamTpm = limits(0, 100, 0, 0, 0, 0);
    admitted(admit(KIM, "m", 80, own(KIM, roomy), team(teamTpm)));

    Admission.Denied denied = denied(admit(LEE, "m", 30, own(LEE, roomy), team(teamTpm)));

    assertThat(denied.limit()).isEqualTo(LimitCode.TPM);
    assertThat(denied.scope()).isEqualTo(TEAM);
    assertThat(denied.status().limitTokens()).as("the headers show the team's, the tighter limit").isEqualTo(100);
    assertThat(denied.status().remainingTokens()).isEqualTo(20);
    assertThat(snapshot(LEE, QuotaScope.user("lee")).cooldownUntil())
        .as("a team's limit is not the member's doing: no cooldown").isNull();
    assertThat(snapshot(LEE, QuotaScope.user("lee")).tokensLastMinute()).isZero();
    assertThat(snapshot(KIM, TEAM).tokensLastMinute()).isEqualTo(80);
    admitted(admit(LEE, "m", 20, own(LEE, roomy), team(teamTpm)));
  }

  @Test
  void aMembersOwnLimitRefusesThemWhileTheTeamHasRoom() {
    EffectiveLimits teamTpm = limits(0, 10_000, 0, 0, 0, 0);
    EffectiveLimits kimTpm = limits(0, 100, 0, 0, 0, 0);
    admitted(admit(KIM, "m", 80, own(KIM, kimTpm), team(teamTpm)));

    Admission.Denied denied = denied(admit(KIM, "m", 30, own(KIM, kimTpm), team(teamTpm)));

    assertThat(denied.limit()).isEqualTo(LimitCode.TPM);
    assertThat(denied.scope()).isEqualTo(QuotaScope.user("kim"));
    assertThat(snapshot(KIM, TEAM).tokensLastMinute()).as("a refused request counts nowhere").isEqualTo(80);
    admitted(admit(LEE, "m", 30, own(LEE, kimTpm), team(teamTpm)));
  }

  @Test
  void aTeamsConcurrencyCapIsSharedByItsMembersAndSettlementFreesIt() {
    EffectiveLimits teamCap = limits(0, 0, 0, 0, 0, 2);
    EffectiveLimits none = limits(0, 0, 0, 0, 0, 0);
    Admission.Admitted first = admitted(admit(KIM, "m", 1, own(KIM, none), team(teamCap)));
    admitted(admit(LEE, "m", 1, own(LEE, none), team(teamCap)));
    Admission.Denied denied = denied(admit(KIM, "m", 1, own(KIM, none), team(teamCap)));
    assertThat(denied.limit()).isEqualTo(LimitCode.CONCURRENCY);
    assertThat(denied.scope()).isEqualTo(TEAM);
    assertThat(snapshot(KIM, TEAM).inFlight()).isEqualTo(2);

    assertThat(settle(first, 1, 0)).isTrue();
    admitted(admit(LEE, "m", 1, own(LEE, none), team(teamCap)));
  }

  @Test
  void settlementAndReleaseCorrectEveryScopeTheRequestCountedIn() {
    EffectiveLimits none = limits(0, 0, 0, 0, 0, 0);
    QuotaScope kimOnQwen = QuotaScope.userOnModel("kim", "korean-qwen");
    QuotaScope teamOnQwen = QuotaScope.teamOnModel("연구팀", "korean-qwen");
    ScopedLimits[] scopes = {own(KIM, none), new ScopedLimits(kimOnQwen, none), team(none),
        new ScopedLimits(teamOnQwen, none)};
    Admission.Admitted settled = admitted(admit(KIM, "korean-qwen", 600, scopes));
    Admission.Admitted released = admitted(admit(KIM, "korean-qwen", 300, scopes));
    clock.advance(Duration.ofSeconds(2));

    assertThat(settle(settled, 100, 50)).isTrue();
    assertThat(store().release(released.reservation()).block()).isTrue();

    for (QuotaScope scope : List.of(QuotaScope.user("kim"), kimOnQwen, TEAM, teamOnQwen)) {
      assertThat(snapshot(KIM, scope)).as(scope.describe()).isEqualTo(new UsageSnapshot(1, 150, 150, 1, 150, 150, 0,
          null));
    }
  }

  @Test
  void perModelLimitsCountOnlyTheirModelOnTopOfTheOverallOnes() {
    EffectiveLimits overall = limits(0, 1000, 0, 0, 0, 0);
    ScopedLimits qwenOnly = new ScopedLimits(QuotaScope.userOnModel("p", "korean-qwen"), limits(0, 50, 0, 0, 0, 0));
    ScopedLimits own = new ScopedLimits(QuotaScope.user("p"), overall);
    QuotaHolder p = QuotaHolder.alone("p");
    admitted(admit(p, "korean-qwen", 40, own, qwenOnly));

    Admission.Denied denied = denied(admit(p, "korean-qwen", 20, own, qwenOnly));
    assertThat(denied.limit()).isEqualTo(LimitCode.TPM);
    assertThat(denied.scope()).isEqualTo(QuotaScope.userOnModel("p", "korean-qwen"));

    // Another model has no per-model limit: only the overall one, which the qwen requests count in too.
    admitted(admit(p, "korean-llama", 900, own));
    assertThat(denied(admit(p, "korean-llama", 100, own)).scope()).isEqualTo(QuotaScope.user("p"));
  }

  @Test
  void aTeamsPerModelLimitRefusesEveryMemberOnThatModelOnly() {
    EffectiveLimits none = limits(0, 0, 0, 0, 0, 0);
    ScopedLimits teamOnLlama = new ScopedLimits(QuotaScope.teamOnModel("연구팀", "korean-llama"),
        limits(2, 0, 0, 0, 0, 0));
    admitted(admit(KIM, "korean-llama", 10, own(KIM, none), team(none), teamOnLlama));
    admitted(admit(LEE, "korean-llama", 10, own(LEE, none), team(none), teamOnLlama));

    Admission.Denied denied = denied(admit(KIM, "korean-llama", 10, own(KIM, none), team(none), teamOnLlama));
    assertThat(denied.limit()).isEqualTo(LimitCode.RPM);
    assertThat(denied.scope()).isEqualTo(QuotaScope.teamOnModel("연구팀", "korean-llama"));
    admitted(admit(KIM, "korean-qwen", 10, own(KIM, none), team(none)));
  }

  @Test
  void theMonthlyBudgetIsTheSeoulCalendarMonthAndOutlivesTheDays() {
    clock.set(Instant.parse("2026-11-29T03:00:00Z")); // 29 November, 12:00 in Seoul
    EffectiveLimits budget = monthly(150, 100);
    admitted("mo", budget, 100);
    assertThat(denied("mo", budget, 1).limit()).isEqualTo(LimitCode.TPD);

    clock.set(Instant.parse("2026-11-30T03:00:00Z")); // the next day: the day's limit is new, the month's is not
    admitted("mo", budget, 50);
    Admission.Denied denied = denied("mo", budget, 1);
    assertThat(denied.limit()).isEqualTo(LimitCode.MONTHLY);
    assertThat(snapshot("mo").tokensThisMonth()).isEqualTo(150);

    clock.set(Instant.parse("2026-11-30T14:59:00Z")); // 23:59 on 30 November in Seoul
    assertThat(denied("mo", budget, 1).retryAfter()).as("until 1 December 00:00 in Seoul")
        .isEqualTo(Duration.ofMinutes(1));
    clock.set(Instant.parse("2026-11-30T15:00:00Z")); // 00:00 on 1 December in Seoul, still November in UTC
    Admission.Admitted december = admitted("mo", budget, 100);
    assertThat(december.reservation().day()).isEqualTo(LocalDate.parse("2026-12-01"));
    assertThat(snapshot("mo").tokensThisMonth()).isEqualTo(100);
  }

  @Test
  void aTeamsMonthlyBudgetRefusesEveryMember() {
    EffectiveLimits none = limits(0, 0, 0, 0, 0, 0);
    EffectiveLimits teamBudget = monthly(100, 0);
    settle(admitted(admit(KIM, "m", 100, own(KIM, none), team(teamBudget))), 30, 40);

    Admission.Denied denied = denied(admit(LEE, "m", 31, own(LEE, none), team(teamBudget)));
    assertThat(denied.limit()).isEqualTo(LimitCode.MONTHLY);
    assertThat(denied.scope()).isEqualTo(TEAM);
    assertThat(denied.retryAfter()).isEqualTo(Duration.between(T0, Instant.parse("2026-11-30T15:00:00Z")));
    admitted(admit(LEE, "m", 30, own(LEE, none), team(teamBudget)));
  }

  @Test
  void resettingAMemberKeepsTheTeamsUsage() {
    EffectiveLimits none = limits(0, 0, 0, 0, 0, 0);
    settle(admitted(admit(KIM, "m", 100, own(KIM, none), team(none))), 30, 40);

    store().reset(KIM, List.of("m")).block();

    assertThat(snapshot(KIM, QuotaScope.user("kim"))).isEqualTo(UsageSnapshot.NONE);
    assertThat(snapshot(KIM, TEAM).tokensToday()).isEqualTo(70);
  }

  @Test
  void theLedgerKeepsEachDaysUsagePerUserTeamAndModel() {
    EffectiveLimits none = limits(0, 0, 0, 0, 0, 0);
    settle(admitted(admit(KIM, "korean-qwen", 100, own(KIM, none), team(none))), 30, 40);
    settle(admitted(admit(KIM, "korean-llama", 100, own(KIM, none), team(none))), 10, 5);
    settle(admitted(admit(KIM, "korean-llama", 100, own(KIM, none), team(none))), 1, 2);
    clock.advance(Duration.ofDays(1));
    settle(admitted(admit(LEE, "korean-qwen", 100, own(LEE, none), team(none))), 7, 8);
    settle(admitted("solo", none, 10), 2, 3);

    LocalDate first = LocalDate.parse("2026-11-22");
    assertThat(ledger().daily(first, first.plusDays(1)).block()).containsExactlyInAnyOrder(
        new DailyUsage(first, "kim", "연구팀", "korean-qwen", 1, 30, 40),
        new DailyUsage(first, "kim", "연구팀", "korean-llama", 2, 11, 7),
        new DailyUsage(first.plusDays(1), "lee", "연구팀", "korean-qwen", 1, 7, 8),
        new DailyUsage(first.plusDays(1), "solo", null, "m", 1, 2, 3));
    assertThat(ledger().daily(first, first).block()).hasSize(2);
    assertThat(ledger().recent(10).block()).extracting(UsageEvent::team).contains("연구팀").containsNull();
  }
}
