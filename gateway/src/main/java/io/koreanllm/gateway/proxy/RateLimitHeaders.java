package io.koreanllm.gateway.proxy;

import static io.koreanllm.gateway.http.GatewayHeaders.LIMIT_REQUESTS;
import static io.koreanllm.gateway.http.GatewayHeaders.LIMIT_TOKENS;
import static io.koreanllm.gateway.http.GatewayHeaders.REMAINING_REQUESTS;
import static io.koreanllm.gateway.http.GatewayHeaders.REMAINING_TOKENS;
import static io.koreanllm.gateway.http.GatewayHeaders.RESET_REQUESTS;
import static io.koreanllm.gateway.http.GatewayHeaders.RESET_TOKENS;

import io.koreanllm.gateway.http.ApiError;
import io.koreanllm.gateway.quota.Admission;
import io.koreanllm.gateway.quota.AdmissionRequest;
import io.koreanllm.gateway.quota.LimitCode;
import io.koreanllm.gateway.quota.RateLimitStatus;
import io.koreanllm.gateway.quota.ScopedLimits;
import io.koreanllm.policy.EffectiveLimits;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** OpenAI's rate-limit response headers; a limit the user does not have (0) is left out. */
final class RateLimitHeaders {

  private RateLimitHeaders() {
  }

  static void write(RateLimitStatus status, HttpHeaders headers) {
    if (status.limitRequests() > 0) {
      headers.set(LIMIT_REQUESTS, Long.toString(status.limitRequests()));
      headers.set(REMAINING_REQUESTS, Long.toString(status.remainingRequests()));
      headers.set(RESET_REQUESTS, format(status.resetRequests()));
    }
    if (status.limitTokens() > 0) {
      headers.set(LIMIT_TOKENS, Long.toString(status.limitTokens()));
      headers.set(REMAINING_TOKENS, Long.toString(status.remainingTokens()));
      headers.set(RESET_TOKENS, format(status.resetTokens()));
    }
  }

  /**
   * The 429 for a denied admission: the limit's code, bilingual message naming whose limit it is, when to retry.
   * Retrying cannot help when the limit is the day's or the month's (they reset when the calendar turns in the
   * policy's zone) or the request alone is larger than the limit that refused it: then {@code x-should-retry: false}.
   */
  static ApiError tooManyRequests(Admission.Denied denied, long reservedTokens, AdmissionRequest request) {
    long seconds = Math.max(1, (denied.retryAfter().toMillis() + 999) / 1000);
    ApiError error = new ApiError(HttpStatus.TOO_MANY_REQUESTS, "rate_limit_error", denied.limit().code(), null,
        denied.limit().message(denied.scope()) + " — " + seconds + "초 후 다시 시도하세요 (retry after " + seconds
            + "s).");
    error.retryAfter(denied.retryAfter());
    EffectiveLimits limits = request.scopes().stream().filter(scoped -> scoped.scope().equals(denied.scope()))
        .findFirst().map(ScopedLimits::limits).orElse(request.limits());
    if (denied.limit().calendar() || reservedTokens > limitOf(denied.limit(), limits)) {
      error.notRetryable();
    }
    write(denied.status(), error.headers());
    return error;
  }

  /** The amount a token limit allows; unbounded for the others, which one request can never exceed alone. */
  private static long limitOf(LimitCode limit, EffectiveLimits limits) {
    switch (limit) {
      case TPM:
        return limits.tpm();
      case TPH:
        return limits.tph();
      case TPD:
        return limits.tpd();
      case MONTHLY:
        return limits.monthlyTokens();
      default:
        return Long.MAX_VALUE;
    }
  }

  /** Durations as OpenAI writes them: {@code 20ms}, {@code 1.5s}, {@code 6m0s}, {@code 1h2m3s}. */
  static String format(Duration duration) {
    long millis = Math.max(0, duration.toMillis());
    if (millis < 1000) {
      return millis + "ms";
    }
    long hours = millis / 3_600_000;
    long minutes = millis / 60_000 % 60;
    // Two of these per answered request: integer arithmetic, not String.format and a regex (a profile's 7 % of the
    // event loops' time).
    String secondsText = millis % 60_000 / 1000 + fraction(millis % 1000) + "s";
    if (hours > 0) {
      return hours + "h" + minutes + "m" + secondsText;
    }
    return minutes > 0 ? minutes + "m" + secondsText : secondsText;
  }

  /** {@code .5} for 500 ms, {@code .01} for 10 ms, nothing for 0. */
  private static String fraction(long millis) {
    if (millis == 0) {
      return "";
    }
    String digits = Long.toString(1000 + millis).substring(1);
    int end = digits.length();
    while (digits.charAt(end - 1) == '0') {
      end--;
    }
    return "." + digits.substring(0, end);
  }
}
