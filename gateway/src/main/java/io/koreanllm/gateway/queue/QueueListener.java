package io.koreanllm.gateway.queue;

import java.time.Duration;

/** Told what happens in a model's line: the metrics of the queue. */
interface QueueListener {

  void enqueued(int lane);

  void dispatched(int lane, String user, long cost, Duration waited);

  void timedOut(int lane);

  void left(int lane);
}
