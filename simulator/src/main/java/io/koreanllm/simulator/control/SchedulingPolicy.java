package io.koreanllm.simulator.control;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How the engine picks the next waiting request, as vLLM's {@code --scheduling-policy}: {@code fcfs} in order of
 * arrival (a request carrying a non-zero {@code priority} is refused), or {@code priority} by the request's integer
 * {@code priority} (lower first; in order of arrival among equals).
 */
public enum SchedulingPolicy {
  FCFS,
  PRIORITY;

  @JsonValue
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
