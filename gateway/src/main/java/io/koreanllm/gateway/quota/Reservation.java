package io.koreanllm.gateway.quota;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Tokens held for an admitted request until it settles: prompt + the most it may generate, in every scope it was
 * admitted in.
 *
 * @param day the quota day (in the daily reset zone) the request was admitted on; its usage belongs to that day, and
 *            to that day's month
 */
public record Reservation(String requestId, QuotaHolder holder, String model, List<QuotaScope> scopes,
    long promptTokens, long reservedTokens, Instant admittedAt, LocalDate day) {

  public Reservation {
    scopes = List.copyOf(scopes);
  }

  public String user() {
    return holder.user();
  }

  public String team() {
    return holder.team();
  }
}
