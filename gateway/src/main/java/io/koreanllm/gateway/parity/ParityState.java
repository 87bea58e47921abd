package io.koreanllm.gateway.parity;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Whether the gateway counts a model's prompts as its backend does. */
public enum ParityState {
  /** Every probe conversation counted alike. */
  EXACT,
  /** At least one conversation counted differently. */
  DRIFT,
  /** Not known: not probed yet, the backend unreachable or unable to count. */
  UNKNOWN;

  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
