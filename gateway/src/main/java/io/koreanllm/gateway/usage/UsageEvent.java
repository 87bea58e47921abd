package io.koreanllm.gateway.usage;

import java.time.Instant;
import java.time.LocalDate;

/** One settled request as the ledger keeps it. {@code day} is the quota day the request was admitted on. */
public record UsageEvent(String requestId, String user, String model, Instant admittedAt, Instant settledAt,
    LocalDate day, long promptTokens, long completionTokens, Outcome outcome) {

  public long totalTokens() {
    return promptTokens + completionTokens;
  }
}
