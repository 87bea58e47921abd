package io.koreanllm.gateway.backend;

import java.time.Instant;

/**
 * A model's backend as last seen by the {@link BackendMonitor}.
 *
 * @param up whether its {@code /health} answered 2xx
 * @param healthLatencyMs how long {@code /health} took to answer, or null when it did not
 * @param load its engine's figures from {@code /metrics}, or null when it serves none the gateway can read
 */
public record BackendStatus(String model, String engine, boolean up, Long healthLatencyMs, Instant checkedAt,
    Load load) {

  /**
   * @param running requests being generated
   * @param waiting requests queued for a slot
   * @param kvCacheUsage fraction of the KV cache in use, 0 to 1
   * @param generationTokensPerSecond generated tokens per second since the previous scrape; null on the first
   * @param timeToFirstTokenMs the server's mean time to first token since the previous scrape; null without requests
   */
  public record Load(double running, double waiting, double kvCacheUsage, Double generationTokensPerSecond,
      Double timeToFirstTokenMs) {
  }
}
