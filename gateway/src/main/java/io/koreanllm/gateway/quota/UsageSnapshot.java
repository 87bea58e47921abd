package io.koreanllm.gateway.quota;

import java.time.Instant;

/**
 * One user's usage as the quota store sees it now.
 *
 * @param cooldownUntil when the user's cooldown ends, or null when there is none
 */
public record UsageSnapshot(long requestsLastMinute, long tokensLastMinute, long tokensLastHour,
    long requestsToday, long tokensToday, int inFlight, Instant cooldownUntil) {
}
