package io.koreanllm.gateway.usage;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long the ledger keeps its history ({@code koreanllm.usage.days-kept}). Monthly reports and a year-on-year
 * comparison need thirteen months at least, so less is refused at start.
 *
 * @param daysKept quota days kept, today included
 */
@ConfigurationProperties("koreanllm.usage")
public record UsageRetention(Integer daysKept) {

  public static final int DEFAULT_DAYS = 400;
  public static final int MINIMUM_DAYS = 396;

  public UsageRetention {
    daysKept = daysKept == null ? DEFAULT_DAYS : daysKept;
    if (daysKept < MINIMUM_DAYS) {
      throw new IllegalArgumentException("koreanllm.usage.days-kept must be at least " + MINIMUM_DAYS
          + " (thirteen months, for monthly reports), was " + daysKept);
    }
  }
}
