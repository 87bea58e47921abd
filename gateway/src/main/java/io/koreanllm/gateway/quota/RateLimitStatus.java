package io.koreanllm.gateway.quota;

import java.time.Duration;
import java.util.List;

/**
 * What OpenAI's {@code x-ratelimit-*} headers tell a client: the per-minute request and token limits, what is left
 * of them and when they reset. A limit of 0 means there is no such limit.
 */
public record RateLimitStatus(long limitRequests, long remainingRequests, Duration resetRequests,
    long limitTokens, long remainingTokens, Duration resetTokens) {

  public static final RateLimitStatus UNLIMITED = new RateLimitStatus(0, 0, Duration.ZERO, 0, 0, Duration.ZERO);

  /**
   * One status for a request counted in several scopes: for requests and for tokens, the scope with the least left
   * (a member may have room of their own while the team has none, and the client should see the team's).
   */
  public static RateLimitStatus tightest(List<RateLimitStatus> statuses) {
    RateLimitStatus requests = null;
    RateLimitStatus tokens = null;
    for (RateLimitStatus status : statuses) {
      if (status.limitRequests() > 0
          && (requests == null || status.remainingRequests() < requests.remainingRequests())) {
        requests = status;
      }
      if (status.limitTokens() > 0 && (tokens == null || status.remainingTokens() < tokens.remainingTokens())) {
        tokens = status;
      }
    }
    requests = requests == null ? UNLIMITED : requests;
    tokens = tokens == null ? UNLIMITED : tokens;
    return new RateLimitStatus(requests.limitRequests(), requests.remainingRequests(), requests.resetRequests(),
        tokens.limitTokens(), tokens.remainingTokens(), tokens.resetTokens());
  }
}
