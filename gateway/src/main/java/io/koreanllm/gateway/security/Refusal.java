package io.koreanllm.gateway.security;

import io.koreanllm.gateway.http.ApiError;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;

/** The security chain's refusals, each carrying the OpenAI-style error the client gets. */
final class Refusal {

  private Refusal() {
  }

  /** The credential itself is wrong: missing, malformed, unknown, or its user suspended. */
  static final class BadCredential extends AuthenticationException {

    private final transient ApiError error;

    BadCredential(ApiError error) {
      super(error.getMessage());
      this.error = error;
    }

    ApiError error() {
      return error;
    }
  }

  /** A known caller asked for a route that is not theirs. */
  static final class NotAllowed extends AccessDeniedException {

    private final transient ApiError error;

    NotAllowed(ApiError error) {
      super(error.getMessage());
      this.error = error;
    }

    ApiError error() {
      return error;
    }
  }
}
