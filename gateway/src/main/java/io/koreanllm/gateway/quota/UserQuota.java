package io.koreanllm.gateway.quota;

import io.koreanllm.gateway.usage.Usage;
import io.koreanllm.policy.EffectiveLimits;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

/**
 * One user's quota state in this process: rolling minute and hour windows, the calendar day, the cooldown and the
 * requests in flight. Every method is called under the instance's own lock, so an admission is one atomic step.
 */
final class UserQuota {

  private final String user;
  private final RollingWindow requestsPerMinute = RollingWindow.minute();
  private final RollingWindow tokensPerMinute = RollingWindow.minute();
  private final RollingWindow tokensPerHour = RollingWindow.hour();
  private final Map<String, Reservation> inFlight = new HashMap<>();
  private LocalDate day = LocalDate.MIN;
  private long requestsToday;
  private long tokensToday;
  private Instant cooldownUntil = Instant.MIN;

  UserQuota(String user) {
    this.user = user;
  }

  synchronized Admission admit(AdmissionRequest request, Instant now) {
    long nowMillis = now.toEpochMilli();
    EffectiveLimits limits = request.limits();
    LocalDate today = rollDay(now, request.dailyResetZone());
    long tokens = request.reservedTokens();

    if (now.isBefore(cooldownUntil)) {
      return deny(LimitCode.COOLDOWN, Duration.between(now, cooldownUntil), limits, nowMillis);
    }
    if (limits.maxConcurrent() > 0 && inFlight.size() >= limits.maxConcurrent()) {
      return deny(LimitCode.CONCURRENCY, Duration.ofSeconds(1), limits, nowMillis);
    }
    Admission.Denied denied = checkWindows(limits, tokens, now, request.dailyResetZone());
    if (denied != null) {
      if (limits.cooldownMinutes() > 0) {
        cooldownUntil = now.plus(Duration.ofMinutes(limits.cooldownMinutes()));
        Duration wait = max(denied.retryAfter(), Duration.ofMinutes(limits.cooldownMinutes()));
        return new Admission.Denied(denied.limit(), wait, denied.status());
      }
      return denied;
    }
    requestsPerMinute.add(nowMillis, 1);
    tokensPerMinute.add(nowMillis, tokens);
    tokensPerHour.add(nowMillis, tokens);
    requestsToday++;
    tokensToday += tokens;
    Reservation reservation = new Reservation(request.requestId(), user, request.model(), request.promptTokens(),
        tokens, now, today);
    inFlight.put(request.requestId(), reservation);
    return new Admission.Admitted(reservation, status(limits, nowMillis));
  }

  /** Null when every window has room for one more request of {@code tokens}. */
  private Admission.Denied checkWindows(EffectiveLimits limits, long tokens, Instant now, ZoneId zone) {
    long nowMillis = now.toEpochMilli();
    if (limits.rpm() > 0 && requestsPerMinute.sum(nowMillis) + 1 > limits.rpm()) {
      long excess = requestsPerMinute.sum(nowMillis) + 1 - limits.rpm();
      return deny(LimitCode.RPM, millis(requestsPerMinute.millisUntilFreed(excess, nowMillis)), limits, nowMillis);
    }
    if (limits.tpm() > 0 && tokensPerMinute.sum(nowMillis) + tokens > limits.tpm()) {
      long excess = tokensPerMinute.sum(nowMillis) + tokens - limits.tpm();
      return deny(LimitCode.TPM, millis(tokensPerMinute.millisUntilFreed(excess, nowMillis)), limits, nowMillis);
    }
    if (limits.tph() > 0 && tokensPerHour.sum(nowMillis) + tokens > limits.tph()) {
      long excess = tokensPerHour.sum(nowMillis) + tokens - limits.tph();
      return deny(LimitCode.TPH, millis(tokensPerHour.millisUntilFreed(excess, nowMillis)), limits, nowMillis);
    }
    if (limits.tpd() > 0 && tokensToday + tokens > limits.tpd()) {
      Instant midnight = day.plusDays(1).atStartOfDay(zone).toInstant();
      return deny(LimitCode.TPD, Duration.between(now, midnight), limits, nowMillis);
    }
    return null;
  }

  /** @return false when the request had been settled (or forgotten by a reset) already */
  synchronized boolean settle(String requestId, Usage usage, Instant now) {
    Reservation reservation = inFlight.remove(requestId);
    if (reservation == null) {
      return false;
    }
    long delta = usage.totalTokens() - reservation.reservedTokens();
    long at = reservation.admittedAt().toEpochMilli();
    tokensPerMinute.adjust(at, delta, now.toEpochMilli());
    tokensPerHour.adjust(at, delta, now.toEpochMilli());
    if (reservation.day().equals(day)) {
      tokensToday = Math.max(0, tokensToday + delta);
    }
    return true;
  }

  /** @return false when the request had been settled, released or forgotten already */
  synchronized boolean release(String requestId, Instant now) {
    Reservation reservation = inFlight.remove(requestId);
    if (reservation == null) {
      return false;
    }
    long at = reservation.admittedAt().toEpochMilli();
    requestsPerMinute.adjust(at, -1, now.toEpochMilli());
    tokensPerMinute.adjust(at, -reservation.reservedTokens(), now.toEpochMilli());
    tokensPerHour.adjust(at, -reservation.reservedTokens(), now.toEpochMilli());
    if (reservation.day().equals(day)) {
      requestsToday = Math.max(0, requestsToday - 1);
      tokensToday = Math.max(0, tokensToday - reservation.reservedTokens());
    }
    return true;
  }

  /** Puts back usage settled before this process started, so a restart forgets nobody's quota. */
  synchronized void restore(Instant at, long tokens, LocalDate eventDay, ZoneId zone, Instant now) {
    rollDay(now, zone);
    long atMillis = at.toEpochMilli();
    requestsPerMinute.add(atMillis, 1);
    tokensPerMinute.add(atMillis, tokens);
    tokensPerHour.add(atMillis, tokens);
    if (eventDay.equals(day)) {
      requestsToday++;
      tokensToday += tokens;
    }
  }

  synchronized void restoreCooldown(Instant until) {
    cooldownUntil = until;
  }

  synchronized UsageSnapshot snapshot(Instant now, ZoneId zone) {
    rollDay(now, zone);
    long nowMillis = now.toEpochMilli();
    return new UsageSnapshot(requestsPerMinute.sum(nowMillis), tokensPerMinute.sum(nowMillis),
        tokensPerHour.sum(nowMillis), requestsToday, tokensToday, inFlight.size(),
        now.isBefore(cooldownUntil) ? cooldownUntil : null);
  }

  synchronized Instant cooldownUntil() {
    return cooldownUntil;
  }

  /** Forgets all usage; requests in flight are forgotten too, so their settlement changes nothing. */
  synchronized void reset() {
    requestsPerMinute.clear();
    tokensPerMinute.clear();
    tokensPerHour.clear();
    inFlight.clear();
    requestsToday = 0;
    tokensToday = 0;
    cooldownUntil = Instant.MIN;
  }

  private LocalDate rollDay(Instant now, ZoneId zone) {
    LocalDate today = LocalDate.ofInstant(now, zone);
    if (!today.equals(day)) {
      day = today;
      requestsToday = 0;
      tokensToday = 0;
    }
    return today;
  }

  private Admission.Denied deny(LimitCode limit, Duration retryAfter, EffectiveLimits limits, long nowMillis) {
    return new Admission.Denied(limit, retryAfter, status(limits, nowMillis));
  }

  private RateLimitStatus status(EffectiveLimits limits, long nowMillis) {
    long requests = requestsPerMinute.sum(nowMillis);
    long tokens = tokensPerMinute.sum(nowMillis);
    return new RateLimitStatus(limits.rpm(), Math.max(0, limits.rpm() - requests),
        millis(requestsPerMinute.millisUntilFreed(requests, nowMillis)),
        limits.tpm(), Math.max(0, limits.tpm() - tokens),
        millis(tokensPerMinute.millisUntilFreed(tokens, nowMillis)));
  }

  private static Duration millis(long millis) {
    return Duration.ofMillis(millis);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
