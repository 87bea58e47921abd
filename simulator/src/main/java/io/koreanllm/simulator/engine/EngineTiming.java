package io.koreanllm.simulator.engine;

import io.koreanllm.simulator.control.SimulatorSettings;
import java.time.Duration;

/**
 * How long a batched GPU engine takes, from the settings: the prefill of a prompt (a fixed part and a part per prompt
 * token), after which the first token is out, and one decode step per further token, slower the more sequences run
 * in the batch.
 */
public record EngineTiming(long ttftMs, double prefillMsPerToken, long tokenDelayMs, double decodeMsPerSequence) {

  public static EngineTiming of(SimulatorSettings settings) {
    return new EngineTiming(settings.ttftMs(), settings.prefillMsPerToken(), settings.tokenDelayMs(),
        settings.decodeMsPerSequence());
  }

  public Duration prefill(int promptTokens) {
    return millis(ttftMs + prefillMsPerToken * promptTokens);
  }

  /** One decode step while {@code sequencesRunning} sequences (this one included) share the batch. */
  public Duration decodeStep(int sequencesRunning) {
    return millis(tokenDelayMs + decodeMsPerSequence * sequencesRunning);
  }

  private static Duration millis(double millis) {
    return Duration.ofNanos(Math.round(millis * 1_000_000));
  }
}
