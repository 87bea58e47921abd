package io.koreanllm.gateway.quota;

import io.koreanllm.gateway.usage.Usage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every user's quota state in this process's memory. The embedded store keeps it as its state; the Redis store
 * falls back on it while Redis is unreachable ({@code failure-mode: local}).
 */
public final class LocalQuotas {

  private final Clock clock;
  private final Map<String, UserQuota> users = new ConcurrentHashMap<>();

  public LocalQuotas(Clock clock) {
    this.clock = clock;
  }

  public Admission admit(AdmissionRequest request) {
    return quota(request.user()).admit(request, clock.instant());
  }

  /** @return false when the request had been settled (or forgotten by a reset) already */
  public boolean settle(Reservation reservation, Usage usage) {
    return quota(reservation.user()).settle(reservation.requestId(), usage, clock.instant());
  }

  /** @return false when the request had been settled, released or forgotten already */
  public boolean release(Reservation reservation) {
    return quota(reservation.user()).release(reservation.requestId(), clock.instant());
  }

  public UsageSnapshot snapshot(String user, ZoneId dailyResetZone) {
    return quota(user).snapshot(clock.instant(), dailyResetZone);
  }

  public void reset(String user) {
    quota(user).reset();
  }

  Instant cooldownUntil(String user) {
    return quota(user).cooldownUntil();
  }

  UserQuota quota(String user) {
    return users.computeIfAbsent(user, UserQuota::new);
  }
}
