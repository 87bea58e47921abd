package io.koreanllm.gateway.usage;

import java.time.LocalDate;

/**
 * Settled usage of one user on one model on one quota day, charged to the team the user was in (null: none). The
 * unit of the usage export and of chargeback: any grouping (per user, team or model) sums these.
 */
public record DailyUsage(LocalDate day, String user, String team, String model, long requests, long promptTokens,
    long completionTokens) {

  public long totalTokens() {
    return promptTokens + completionTokens;
  }
}
