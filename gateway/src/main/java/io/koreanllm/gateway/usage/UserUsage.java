package io.koreanllm.gateway.usage;

/** One user's totals over a period, as the top-users listing shows them. */
public record UserUsage(String user, long requests, long promptTokens, long completionTokens) {

  public UserUsage plus(UserUsage other) {
    return new UserUsage(user, requests + other.requests, promptTokens + other.promptTokens,
        completionTokens + other.completionTokens);
  }

  public long totalTokens() {
    return promptTokens + completionTokens;
  }
}
