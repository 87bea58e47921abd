package io.koreanllm.gateway.queue;

import java.time.Duration;

/** A request waited its class's longest wait for the model's capacity and was taken out of the queue. */
public final class QueueTimeoutException extends RuntimeException {

  private final Duration waited;
  private final Duration retryAfter;

  QueueTimeoutException(Duration waited, Duration retryAfter) {
    super("waited " + waited + " for the model's capacity", null, false, false);
    this.waited = waited;
    this.retryAfter = retryAfter;
  }

  public Duration waited() {
    return waited;
  }

  /** When the queue, at the rate it has been draining, will have room again. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
