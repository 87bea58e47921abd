package io.koreanllm.gateway.quota;

import io.koreanllm.policy.EffectiveLimits;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;

/**
 * One scope's quota state in this process: rolling minute and hour windows, the calendar day and month, and the
 * requests in flight. Not thread-safe: {@link LocalQuotas} holds its lock around every call, so an admission across
 * all of a request's scopes is one atomic step.
 */
final class ScopeQuota {

  /** A limit without room: which one, and how long until there is room. */
  record Refusal(LimitCode limit, Duration retryAfter) {
  }

  private final RollingWindow requestsPerMinute = RollingWindow.minute();
  private final RollingWindow tokensPerMinute = RollingWindow.minute();
  private final RollingWindow tokensPerHour = RollingWindow.hour();
  private LocalDate day = LocalDate.MIN;
  private long requestsToday;
  private long tokensToday;
  private YearMonth month = YearMonth.of(0, 1);
  private long tokensThisMonth;
  private int inFlight;

  Refusal concurrencyRefusal(EffectiveLimits limits) {
    return limits.maxConcurrent() > 0 && inFlight >= limits.maxConcurrent()
        ? new Refusal(LimitCode.CONCURRENCY, Duration.ofSeconds(1)) : null;
  }

  /** The first window, day or month without room for one more request of {@code tokens}; null when all have room. */
  Refusal windowRefusal(EffectiveLimits limits, long tokens, Instant now, ZoneId zone) {
    roll(now, zone);
    long nowMillis = now.toEpochMilli();
    if (limits.rpm() > 0 && requestsPerMinute.sum(nowMillis) + 1 > limits.rpm()) {
      long excess = requestsPerMinute.sum(nowMillis) + 1 - limits.rpm();
      return new Refusal(LimitCode.RPM, millis(requestsPerMinute.millisUntilFreed(excess, nowMillis)));
    }
    if (limits.tpm() > 0 && tokensPerMinute.sum(nowMillis) + tokens > limits.tpm()) {
      long excess = tokensPerMinute.sum(nowMillis) + tokens - limits.tpm();
      return new Refusal(LimitCode.TPM, millis(tokensPerMinute.millisUntilFreed(excess, nowMillis)));
    }
    if (limits.tph() > 0 && tokensPerHour.sum(nowMillis) + tokens > limits.tph()) {
      long excess = tokensPerHour.sum(nowMillis) + tokens - limits.tph();
      return new Refusal(LimitCode.TPH, millis(tokensPerHour.millisUntilFreed(excess, nowMillis)));
    }
    if (limits.tpd() > 0 && tokensToday + tokens > limits.tpd()) {
      return new Refusal(LimitCode.TPD, Duration.between(now, day.plusDays(1).atStartOfDay(zone).toInstant()));
    }
    if (limits.monthlyTokens() > 0 && tokensThisMonth + tokens > limits.monthlyTokens()) {
      Instant nextMonth = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
      return new Refusal(LimitCode.MONTHLY, Duration.between(now, nextMonth));
    }
    return null;
  }

  void admit(long tokens, Instant now, ZoneId zone) {
    roll(now, zone);
    long nowMillis = now.toEpochMilli();
    requestsPerMinute.add(nowMillis, 1);
    tokensPerMinute.add(nowMillis, tokens);
    tokensPerHour.add(nowMillis, tokens);
    requestsToday++;
    tokensToday += tokens;
    tokensThisMonth += tokens;
    inFlight++;
  }

  /** Replaces a reservation by its real amount: {@code delta} tokens more (or fewer) than reserved. */
  void settle(Reservation reservation, long delta, Instant now) {
    correct(reservation, 0, delta, now);
  }

  /** Takes a reservation out as if it had never been admitted. */
  void release(Reservation reservation, Instant now) {
    correct(reservation, -1, -reservation.reservedTokens(), now);
  }

  private void correct(Reservation reservation, int requests, long tokens, Instant now) {
    inFlight = Math.max(0, inFlight - 1);
    long at = reservation.admittedAt().toEpochMilli();
    long nowMillis = now.toEpochMilli();
    requestsPerMinute.adjust(at, requests, nowMillis);
    tokensPerMinute.adjust(at, tokens, nowMillis);
    tokensPerHour.adjust(at, tokens, nowMillis);
    if (reservation.day().equals(day)) {
      requestsToday = Math.max(0, requestsToday + requests);
      tokensToday = Math.max(0, tokensToday + tokens);
    }
    if (YearMonth.from(reservation.day()).equals(month)) {
      tokensThisMonth = Math.max(0, tokensThisMonth + tokens);
    }
  }

  /** Puts back into the windows a request settled before this process started. */
  void restoreWindows(Instant at, long tokens) {
    long atMillis = at.toEpochMilli();
    requestsPerMinute.add(atMillis, 1);
    tokensPerMinute.add(atMillis, tokens);
    tokensPerHour.add(atMillis, tokens);
  }

  /** Puts back into today's and this month's totals what was settled on {@code eventDay} before the start. */
  void restoreTotals(LocalDate eventDay, long requests, long tokens, Instant now, ZoneId zone) {
    roll(now, zone);
    if (eventDay.equals(day)) {
      requestsToday += requests;
      tokensToday += tokens;
    }
    if (YearMonth.from(eventDay).equals(month)) {
      tokensThisMonth += tokens;
    }
  }

  UsageSnapshot snapshot(Instant now, ZoneId zone, Instant cooldownUntil) {
    roll(now, zone);
    long nowMillis = now.toEpochMilli();
    return new UsageSnapshot(requestsPerMinute.sum(nowMillis), tokensPerMinute.sum(nowMillis),
        tokensPerHour.sum(nowMillis), requestsToday, tokensToday, tokensThisMonth, inFlight, cooldownUntil);
  }

  /** The per-minute limits, what is left of them and when the window is empty again. */
  RateLimitStatus status(EffectiveLimits limits, Instant now) {
    long nowMillis = now.toEpochMilli();
    long requests = requestsPerMinute.sum(nowMillis);
    long tokens = tokensPerMinute.sum(nowMillis);
    return new RateLimitStatus(limits.rpm(), Math.max(0, limits.rpm() - requests),
        millis(requestsPerMinute.millisUntilFreed(requests, nowMillis)),
        limits.tpm(), Math.max(0, limits.tpm() - tokens),
        millis(tokensPerMinute.millisUntilFreed(tokens, nowMillis)));
  }

  private void roll(Instant now, ZoneId zone) {
    LocalDate today = LocalDate.ofInstant(now, zone);
    if (!today.equals(day)) {
      day = today;
      requestsToday = 0;
      tokensToday = 0;
    }
    YearMonth thisMonth = YearMonth.from(today);
    if (!thisMonth.equals(month)) {
      month = thisMonth;
      tokensThisMonth = 0;
    }
  }

  private static Duration millis(long millis) {
    return Duration.ofMillis(millis);
  }
}
