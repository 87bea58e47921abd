package io.koreanllm.simulator.control;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Which model server the simulator stands in for; it decides the names of the metrics at {@code /metrics}. */
public enum Engine {
  VLLM,
  SGLANG;

  @JsonValue
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
