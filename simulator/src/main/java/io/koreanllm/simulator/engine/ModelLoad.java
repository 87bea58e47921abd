package io.koreanllm.simulator.engine;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * One served model's counters, as vLLM and SGLang keep them: tokens processed, requests finished, and a histogram of
 * the time to first token. Running and waiting counts are guarded by {@link EngineLoad}.
 */
public final class ModelLoad {

  /** vLLM's bucket bounds for the time to first token, in seconds. */
  static final double[] TTFT_BUCKETS = {0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5,
      5.0, 7.5, 10.0};

  private final String name;
  private final LongAdder promptTokens = new LongAdder();
  private final LongAdder generationTokens = new LongAdder();
  private final LongAdder finished = new LongAdder();
  private final LongAdder[] ttftBuckets = new LongAdder[TTFT_BUCKETS.length];
  private final LongAdder ttftCount = new LongAdder();
  private final LongAdder ttftNanos = new LongAdder();
  int running;
  int waiting;

  ModelLoad(String name) {
    this.name = name;
    for (int i = 0; i < ttftBuckets.length; i++) {
      ttftBuckets[i] = new LongAdder();
    }
  }

  public String name() {
    return name;
  }

  public void prompt(int tokens) {
    promptTokens.add(tokens);
  }

  public void generated(int tokens) {
    generationTokens.add(tokens);
  }

  public void finished() {
    finished.increment();
  }

  public void firstToken(Duration sinceArrival) {
    double seconds = sinceArrival.toNanos() / 1e9;
    for (int i = 0; i < TTFT_BUCKETS.length; i++) {
      if (seconds <= TTFT_BUCKETS[i]) {
        ttftBuckets[i].increment();
      }
    }
    ttftCount.increment();
    ttftNanos.add(sinceArrival.toNanos());
  }

  long promptTokens() {
    return promptTokens.sum();
  }

  long generationTokens() {
    return generationTokens.sum();
  }

  long finishedRequests() {
    return finished.sum();
  }

  /** Cumulative count of first tokens within {@code TTFT_BUCKETS[i]}, as Prometheus histograms count. */
  long ttftBucket(int i) {
    return ttftBuckets[i].sum();
  }

  long ttftCount() {
    return ttftCount.sum();
  }

  double ttftSeconds() {
    return ttftNanos.sum() / 1e9;
  }
}
