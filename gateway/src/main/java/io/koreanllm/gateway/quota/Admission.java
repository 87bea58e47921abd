package io.koreanllm.gateway.quota;

import java.time.Duration;

/** The answer to an {@link AdmissionRequest}: admitted with a reservation, or denied by one limit of one scope. */
public sealed interface Admission {

  RateLimitStatus status();

  record Admitted(Reservation reservation, RateLimitStatus status) implements Admission {
  }

  /**
   * @param scope      whose limit refused: the user's, the team's, or one of theirs on the model
   * @param retryAfter when trying again can succeed; for a request larger than the limit itself, never sooner
   */
  record Denied(LimitCode limit, QuotaScope scope, Duration retryAfter, RateLimitStatus status)
      implements Admission {
  }
}
