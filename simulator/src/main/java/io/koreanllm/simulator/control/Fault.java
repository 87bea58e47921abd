package io.koreanllm.simulator.control;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A failure the simulator plays on purpose, so tests can see how the gateway copes with a broken model server. Named
 * in settings, JSON and logs as {@code none}, {@code http-500}, {@code hang}, {@code cut-stream}, {@code no-usage},
 * {@code over-report}.
 */
public enum Fault {
  /** Answer normally. */
  NONE,
  /** Answer 500 with an OpenAI-style error body. */
  HTTP_500,
  /** Never answer; only the client's timeout ends the request. */
  HANG,
  /**
   * Close a stream's connection abruptly after {@code fault-after-tokens} token chunks: no finish reason, no usage, no
   * [DONE]. Answers that are not streamed are sent whole.
   */
  CUT_STREAM,
  /** Stream to the end but never send the usage chunk, even when asked for it. */
  NO_USAGE,
  /** Report ten times the completion tokens really generated, as a buggy or dishonest server might. */
  OVER_REPORT;

  @JsonValue
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
