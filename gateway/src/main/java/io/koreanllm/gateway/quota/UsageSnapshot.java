package io.koreanllm.gateway.quota;

import java.time.Instant;

/**
 * One scope's usage as the quota store sees it now, reservations of requests in flight included.
 *
 * @param cooldownUntil when the user's cooldown ends, or null when there is none (always null for teams)
 */
public record UsageSnapshot(long requestsLastMinute, long tokensLastMinute, long tokensLastHour,
    long requestsToday, long tokensToday, long tokensThisMonth, int inFlight, Instant cooldownUntil) {

  public static final UsageSnapshot NONE = new UsageSnapshot(0, 0, 0, 0, 0, 0, 0, null);
}
