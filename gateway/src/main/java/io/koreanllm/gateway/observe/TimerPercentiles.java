package io.koreanllm.gateway.observe;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.util.concurrent.TimeUnit;

/** A timer's p50 and p95 in milliseconds, from one snapshot; null before it has recorded anything. */
public record TimerPercentiles(Double p50Ms, Double p95Ms) {

  public static TimerPercentiles of(Timer timer) {
    if (timer == null || timer.count() == 0) {
      return new TimerPercentiles(null, null);
    }
    Double p50 = null;
    Double p95 = null;
    for (ValueAtPercentile value : timer.takeSnapshot().percentileValues()) {
      double ms = value.value(TimeUnit.MILLISECONDS);
      if (Double.isNaN(ms)) {
        continue;
      }
      if (value.percentile() == 0.5) {
        p50 = ms;
      } else if (value.percentile() == 0.95) {
        p95 = ms;
      }
    }
    return new TimerPercentiles(p50, p95);
  }
}
