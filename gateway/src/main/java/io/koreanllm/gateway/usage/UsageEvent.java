package io.koreanllm.gateway.usage;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One settled request as the ledger keeps it. {@code day} is the quota day the request was admitted on.
 *
 * @param team the team the user belonged to when the request was admitted; null when none. The team is charged.
 */
public record UsageEvent(String requestId, String user, String team, String model, Instant admittedAt,
    Instant settledAt, LocalDate day, long promptTokens, long completionTokens, Outcome outcome) {

  public long totalTokens() {
    return promptTokens + completionTokens;
  }
}
