package io.koreanllm.gateway.parity;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * How a model's backend counts prompts against the gateway, as last probed.
 *
 * @param driftTokens backend minus gateway, in tokens: the offset every conversation shares when {@code uniform},
 *     otherwise the largest difference of one conversation (the first of equal size); 0 when exact, null when unknown
 * @param uniform whether every conversation differs by {@code driftTokens}; null when unknown
 * @param method how the backend counted; null when unknown
 * @param checkedAt when the probe ran; null before it first did
 * @param detail why the state is unknown, or the first conversation that differs; null when exact
 * @param conversations each conversation's two counts, in the probe's order; empty when unknown
 */
public record Parity(ParityState state, Integer driftTokens, Boolean uniform, CountingMethod method,
    Instant checkedAt, String detail, List<ConversationCount> conversations) {

  static final Parity NOT_CHECKED = new Parity(ParityState.UNKNOWN, null, null, null, null, "not checked yet",
      List.of());

  static Parity unknown(String why, Instant at) {
    return new Parity(ParityState.UNKNOWN, null, null, null, at, why, List.of());
  }

  /** The verdict on a complete set of counts, all taken with {@code method}. */
  static Parity of(List<ConversationCount> counts, CountingMethod method, Instant at) {
    ConversationCount largest = counts.get(0);
    for (ConversationCount count : counts) {
      if (Math.abs(count.difference()) > Math.abs(largest.difference())) {
        largest = count;
      }
    }
    if (largest.difference() == 0) {
      return new Parity(ParityState.EXACT, 0, true, method, at, null, counts);
    }
    int drift = largest.difference();
    boolean uniform = counts.stream().allMatch(count -> count.difference() == drift);
    String firstDiffering = counts.stream().filter(count -> count.difference() != 0).findFirst()
        .map(ConversationCount::toString).orElseThrow();
    return new Parity(ParityState.DRIFT, drift, uniform, method, at, firstDiffering, counts);
  }

  /** Whether the two say the same: a change of state or of drift is logged once, a repeated verdict is not. */
  boolean sameVerdict(Parity other) {
    return state == other.state && Objects.equals(driftTokens, other.driftTokens)
        && Objects.equals(uniform, other.uniform);
  }

  /** The constant offset admission may add: the uniform drift, else 0. */
  int uniformOffset() {
    return state == ParityState.DRIFT && Boolean.TRUE.equals(uniform) ? driftTokens : 0;
  }
}
