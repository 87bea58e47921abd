package io.koreanllm.gateway.queue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.core.scheduler.Scheduler;

/**
 * How fast a model's slots free, from the last frees: what a refused client is told to wait
 * ({@code Retry-After}) for the line ahead of it to clear.
 */
final class DrainRate {

  private static final int KEPT = 64;
  private static final Duration LEAST = Duration.ofSeconds(1);
  private static final Duration MOST = Duration.ofMinutes(10);

  private final Scheduler clock;
  private final long[] frees = new long[KEPT];
  private long count;

  DrainRate(Scheduler clock) {
    this.clock = clock;
  }

  synchronized void freed() {
    frees[(int) (count++ % KEPT)] = clock.now(TimeUnit.NANOSECONDS);
  }

  /** How long until {@code slots} more have freed at the recent rate; between 1 s and 10 min. */
  synchronized Duration timeFor(int slots) {
    int known = (int) Math.min(count, KEPT);
    if (known < 2) {
      return bounded(LEAST.multipliedBy(Math.max(1, slots))); // nothing measured yet: a second a slot
    }
    long newest = frees[(int) ((count - 1) % KEPT)];
    long oldest = frees[(int) ((count - known) % KEPT)];
    double nanosPerFree = Math.max(1, newest - oldest) / (double) (known - 1);
    return bounded(Duration.ofNanos((long) (nanosPerFree * slots)));
  }

  private static Duration bounded(Duration wait) {
    return wait.compareTo(LEAST) < 0 ? LEAST : wait.compareTo(MOST) > 0 ? MOST : wait;
  }
}
