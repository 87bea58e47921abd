package io.koreanllm.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RollingWindowTest {

  private static final long T0 = 1_700_000_000_000L;

  @Test
  void sumsWhatWasAddedWithinTheSpan() {
    RollingWindow window = RollingWindow.minute();
    window.add(T0, 5);
    window.add(T0 + 30_000, 7);
    assertThat(window.sum(T0 + 30_000)).isEqualTo(12);
    assertThat(window.sum(T0 + 59_000)).isEqualTo(12);
  }

  @Test
  void forgetsAmountsOnceTheirBucketHasLeftTheSpan() {
    RollingWindow window = RollingWindow.minute();
    window.add(T0, 5);
    window.add(T0 + 30_000, 7);
    assertThat(window.sum(T0 + 61_000)).isEqualTo(7);
    assertThat(window.sum(T0 + 91_000)).isZero();
  }

  /** The property fixed windows lack: no interval of one span ever holds more than the limit. */
  @Test
  void neverAdmitsMoreThanTheLimitInAnyIntervalOfOneSpan() {
    int limit = 10;
    RollingWindow window = RollingWindow.minute();
    java.util.List<Long> admitted = new java.util.ArrayList<>();
    // A client hammering every 250 ms for five minutes, across many bucket and minute boundaries.
    for (long t = T0 + 777; t < T0 + 300_000; t += 250) {
      if (window.sum(t) + 1 <= limit) {
        window.add(t, 1);
        admitted.add(t);
      }
    }
    for (long start : admitted) {
      long inSpan = admitted.stream().filter(t -> t >= start && t < start + 60_000).count();
      assertThat(inSpan).as("requests admitted in the minute from %d", start).isLessThanOrEqualTo(limit);
    }
    // The price of buckets is bounded: an admission is held at most one bucket (1 s) longer than the span.
    for (int i = limit; i < admitted.size(); i++) {
      assertThat(admitted.get(i) - admitted.get(i - limit)).isLessThanOrEqualTo(61_000);
    }
  }

  @Test
  void adjustCorrectsTheBucketOfTheOriginalAmountOnlyWhileItIsLive() {
    RollingWindow window = RollingWindow.minute();
    window.add(T0, 100);
    window.adjust(T0, -60, T0 + 10_000);
    assertThat(window.sum(T0 + 10_000)).isEqualTo(40);
    window.adjust(T0, -40, T0 + 70_000); // that bucket is gone: nothing to correct
    window.add(T0 + 70_000, 3);
    assertThat(window.sum(T0 + 70_000)).isEqualTo(3);
  }

  @Test
  void tellsWhenEnoughWillHaveLeft() {
    RollingWindow window = new RollingWindow(Duration.ofMinutes(1), 60);
    window.add(T0, 4);
    window.add(T0 + 20_000, 6);
    long now = T0 + 30_000;
    assertThat(window.millisUntilFreed(0, now)).isZero();
    assertThat(window.millisUntilFreed(3, now)).isEqualTo(31_000); // the T0 bucket leaves at T0 + 61 s
    assertThat(window.millisUntilFreed(5, now)).isEqualTo(51_000); // needs the T0 + 20 s bucket too
  }
}
