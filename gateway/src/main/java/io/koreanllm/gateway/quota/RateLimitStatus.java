package io.koreanllm.gateway.quota;

import java.time.Duration;

/**
 * What OpenAI's {@code x-ratelimit-*} headers tell a client: the per-minute request and token limits, what is left
 * of them and when they reset. A limit of 0 means the user has no such limit.
 */
public record RateLimitStatus(long limitRequests, long remainingRequests, Duration resetRequests,
    long limitTokens, long remainingTokens, Duration resetTokens) {
}
