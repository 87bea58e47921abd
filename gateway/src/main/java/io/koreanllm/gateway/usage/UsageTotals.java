package io.koreanllm.gateway.usage;

/** Requests and tokens summed over a period; {@code users} is how many distinct users they came from. */
public record UsageTotals(long requests, long promptTokens, long completionTokens, long users) {

  public static final UsageTotals ZERO = new UsageTotals(0, 0, 0, 0);

  public long totalTokens() {
    return promptTokens + completionTokens;
  }
}
