package io.koreanllm.gateway.observe;

import io.koreanllm.gateway.usage.Outcome;
import java.util.Locale;

/** How a request to a model route ended, as metrics and the dashboard name it ({@link #label()}). */
public enum RequestOutcome {
  /** Answered in full. */
  COMPLETED,
  /** The client went away mid-answer. */
  CLIENT_CANCELLED,
  /** The backend failed, cut its answer short, or never answered. */
  BACKEND_ERROR,
  /** Refused by the gateway with a 4xx before reaching the backend: a limit, a bad key, a bad request. */
  REFUSED,
  /** The gateway could not decide (its quota store was unavailable): 5xx, nothing forwarded. */
  UNAVAILABLE;

  public static RequestOutcome of(Outcome settled) {
    return switch (settled) {
      case COMPLETED -> COMPLETED;
      case CLIENT_CANCELLED -> CLIENT_CANCELLED;
      case BACKEND_ERROR -> BACKEND_ERROR;
    };
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
