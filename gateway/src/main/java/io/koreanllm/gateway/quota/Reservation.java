package io.koreanllm.gateway.quota;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Tokens held for an admitted request until it settles: prompt + the most it may generate.
 *
 * @param day the quota day (in the daily reset zone) the request was admitted on; its usage belongs to that day
 */
public record Reservation(String requestId, String user, String model, long promptTokens, long reservedTokens,
    Instant admittedAt, LocalDate day) {
}
