package io.koreanllm.gateway.quota;

import java.time.Duration;

/**
 * A rolling window of {@code buckets} equal slots over {@code span}: the sum of everything added in the last span.
 *
 * <p>Why buckets: an exact log of every event costs memory per request; a fixed window admits up to twice its
 * limit across a boundary. Here the sum covers every bucket that overlaps the last span, the oldest, partly expired
 * one in full, so the window never admits more than its limit in any interval of length {@code span}; the price is
 * that an amount may keep counting for up to one bucket width (span / buckets) longer than the span. For the minute
 * window (60 × 1 s) that is at most one second, for the hour window (60 × 1 min) at most one minute. Not
 * thread-safe: its owner locks.
 */
final class RollingWindow {

  private final long widthMillis;
  private final int buckets;
  /** One slot more than buckets: the span overlaps buckets + 1 of them unless it starts on a bucket edge. */
  private final long[] bucketEpoch;
  private final long[] amount;

  RollingWindow(Duration span, int buckets) {
    this.widthMillis = span.toMillis() / buckets;
    this.buckets = buckets;
    this.bucketEpoch = new long[buckets + 1];
    this.amount = new long[buckets + 1];
    java.util.Arrays.fill(bucketEpoch, Long.MIN_VALUE);
  }

  static RollingWindow minute() {
    return new RollingWindow(Duration.ofMinutes(1), 60);
  }

  static RollingWindow hour() {
    return new RollingWindow(Duration.ofHours(1), 60);
  }

  void add(long atMillis, long delta) {
    long epoch = Math.floorDiv(atMillis, widthMillis);
    int slot = slot(epoch);
    if (bucketEpoch[slot] != epoch) {
      bucketEpoch[slot] = epoch;
      amount[slot] = 0;
    }
    amount[slot] += delta;
  }

  /**
   * Corrects an amount added at {@code atMillis} (a reservation replaced by real usage). When that bucket has left
   * the window the correction has nothing left to correct and is dropped.
   */
  void adjust(long atMillis, long delta, long nowMillis) {
    long epoch = Math.floorDiv(atMillis, widthMillis);
    int slot = slot(epoch);
    if (bucketEpoch[slot] == epoch && live(epoch, nowMillis)) {
      amount[slot] = Math.max(0, amount[slot] + delta);
    }
  }

  long sum(long nowMillis) {
    long total = 0;
    for (int i = 0; i < amount.length; i++) {
      if (live(bucketEpoch[i], nowMillis)) {
        total += amount[i];
      }
    }
    return total;
  }

  /**
   * How long until at least {@code needed} has left the window, in millis; 0 when nothing needs to leave.
   * When the window can never free that much (the need exceeds all it holds) this is the time until it is empty.
   */
  long millisUntilFreed(long needed, long nowMillis) {
    if (needed <= 0) {
      return 0;
    }
    long nowEpoch = Math.floorDiv(nowMillis, widthMillis);
    long freed = 0;
    long wait = 0;
    // Buckets leave oldest first: walk epochs from the oldest live one towards now.
    for (long epoch = nowEpoch - buckets; epoch <= nowEpoch; epoch++) {
      int slot = slot(epoch);
      if (bucketEpoch[slot] != epoch || amount[slot] == 0) {
        continue;
      }
      freed += amount[slot];
      wait = (epoch + buckets + 1) * widthMillis - nowMillis;
      if (freed >= needed) {
        break;
      }
    }
    return Math.max(wait, 0);
  }

  void clear() {
    java.util.Arrays.fill(bucketEpoch, Long.MIN_VALUE);
    java.util.Arrays.fill(amount, 0);
  }

  /** Whether the bucket overlaps the span that ends now. */
  private boolean live(long epoch, long nowMillis) {
    return epoch >= Math.floorDiv(nowMillis, widthMillis) - buckets;
  }

  private int slot(long epoch) {
    return (int) Math.floorMod(epoch, (long) amount.length);
  }
}
