package io.koreanllm.gateway.quota;

import io.koreanllm.gateway.usage.Usage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every scope's quota state in this process's memory. The embedded store keeps it as its state; the Redis store
 * falls back on it while Redis is unreachable ({@code failure-mode: local}). One lock over all of it: an admission
 * checks and counts the user's and the team's scopes together, a few array updates each.
 */
public final class LocalQuotas {

  /** An admitted request and the states it was counted in (a reset replaces a user's states; these stay). */
  private record Held(Reservation reservation, List<ScopeQuota> quotas) {
  }

  private final Clock clock;
  private final Map<QuotaScope, ScopeQuota> scopes = new HashMap<>();
  private final Map<String, Instant> cooldowns = new HashMap<>();
  private final Map<String, Held> inFlight = new HashMap<>();

  public LocalQuotas(Clock clock) {
    this.clock = clock;
  }

  public synchronized Admission admit(AdmissionRequest request) {
    Instant now = clock.instant();
    ZoneId zone = request.dailyResetZone();
    List<ScopeQuota> quotas = new ArrayList<>(request.scopes().size());
    request.scopes().forEach(scoped -> quotas.add(quota(scoped.scope())));

    Instant cooldownUntil = cooldowns.getOrDefault(request.user(), Instant.MIN);
    if (now.isBefore(cooldownUntil)) {
      return denied(request, quotas, 0, LimitCode.COOLDOWN, Duration.between(now, cooldownUntil), now);
    }
    for (int i = 0; i < quotas.size(); i++) {
      ScopeQuota.Refusal refusal = quotas.get(i).concurrencyRefusal(request.scopes().get(i).limits());
      if (refusal != null) {
        return denied(request, quotas, i, refusal.limit(), refusal.retryAfter(), now);
      }
    }
    for (int i = 0; i < quotas.size(); i++) {
      ScopedLimits scoped = request.scopes().get(i);
      ScopeQuota.Refusal refusal = quotas.get(i).windowRefusal(scoped.limits(), request.reservedTokens(), now, zone);
      if (refusal != null) {
        Duration wait = refusal.retryAfter();
        int cooldownMinutes = request.limits().cooldownMinutes();
        if (scoped.scope().isUsers() && cooldownMinutes > 0) {
          // Hitting one of their own limits cools the user down; a team's limit is not the member's doing.
          cooldowns.put(request.user(), now.plus(Duration.ofMinutes(cooldownMinutes)));
          wait = max(wait, Duration.ofMinutes(cooldownMinutes));
        }
        return denied(request, quotas, i, refusal.limit(), wait, now);
      }
    }
    quotas.forEach(quota -> quota.admit(request.reservedTokens(), now, zone));
    Reservation reservation = new Reservation(request.requestId(), request.holder(), request.model(),
        request.scopes().stream().map(ScopedLimits::scope).toList(), request.promptTokens(),
        request.reservedTokens(), now, LocalDate.ofInstant(now, zone));
    inFlight.put(request.requestId(), new Held(reservation, quotas));
    return new Admission.Admitted(reservation, status(request, quotas, now));
  }

  /** @return false when the request had been settled or released already */
  public synchronized boolean settle(Reservation reservation, Usage usage) {
    Held held = inFlight.remove(reservation.requestId());
    if (held == null) {
      return false;
    }
    long delta = usage.totalTokens() - held.reservation().reservedTokens();
    Instant now = clock.instant();
    held.quotas().forEach(quota -> quota.settle(held.reservation(), delta, now));
    return true;
  }

  /** @return false when the request had been settled or released already */
  public synchronized boolean release(Reservation reservation) {
    Held held = inFlight.remove(reservation.requestId());
    if (held == null) {
      return false;
    }
    Instant now = clock.instant();
    held.quotas().forEach(quota -> quota.release(held.reservation(), now));
    return true;
  }

  public synchronized UsageSnapshot snapshot(QuotaScope scope, ZoneId dailyResetZone) {
    Instant now = clock.instant();
    Instant cooldown = scope.kind() == QuotaScope.Kind.USER ? cooldowns.get(scope.name()) : null;
    return quota(scope).snapshot(now, dailyResetZone, cooldown != null && now.isBefore(cooldown) ? cooldown : null);
  }

  /**
   * Forgets the user's usage so far (their own scopes and cooldown; their team's usage stays). Their requests in
   * flight still settle, into states no longer counted.
   */
  public synchronized void reset(String user) {
    scopes.keySet().removeIf(scope -> scope.isUsers() && scope.name().equals(user));
    cooldowns.remove(user);
  }

  synchronized Instant cooldownUntil(String user) {
    return cooldowns.getOrDefault(user, Instant.MIN);
  }

  synchronized void restoreCooldown(String user, Instant until) {
    cooldowns.put(user, until);
  }

  synchronized void restoreWindows(QuotaScope scope, Instant at, long tokens) {
    quota(scope).restoreWindows(at, tokens);
  }

  synchronized void restoreTotals(QuotaScope scope, LocalDate day, long requests, long tokens, ZoneId zone) {
    quota(scope).restoreTotals(day, requests, tokens, clock.instant(), zone);
  }

  private ScopeQuota quota(QuotaScope scope) {
    return scopes.computeIfAbsent(scope, any -> new ScopeQuota());
  }

  private static Admission.Denied denied(AdmissionRequest request, List<ScopeQuota> quotas, int refusing,
      LimitCode limit, Duration retryAfter, Instant now) {
    return new Admission.Denied(limit, request.scopes().get(refusing).scope(), retryAfter,
        status(request, quotas, now));
  }

  private static RateLimitStatus status(AdmissionRequest request, List<ScopeQuota> quotas, Instant now) {
    List<RateLimitStatus> statuses = new ArrayList<>(quotas.size());
    for (int i = 0; i < quotas.size(); i++) {
      statuses.add(quotas.get(i).status(request.scopes().get(i).limits(), now));
    }
    return RateLimitStatus.tightest(statuses);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
