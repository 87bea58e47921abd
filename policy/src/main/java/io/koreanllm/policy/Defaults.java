package io.koreanllm.policy;

import java.time.ZoneId;
import java.util.Objects;

/**
 * What users inherit.
 *
 * @param limits          the limits of a user who gives none (fields may still be null: then not limited)
 * @param dailyResetZone  the time zone whose calendar day {@code tpd} counts; the Korean day by default
 */
public record Defaults(Limits limits, ZoneId dailyResetZone) {

  public static final ZoneId KOREA = ZoneId.of("Asia/Seoul");

  /** The seeds' defaults: 30 requests and 5,000 tokens a minute, 300,000 tokens an hour, 500,000 a day. */
  public static final Limits BUILT_IN_LIMITS = new Limits(30, 5000, 300_000L, 500_000L, 0, null, null);

  /** The defaults of a policy that gives none. */
  public static final Defaults BUILT_IN = new Defaults(BUILT_IN_LIMITS, KOREA);

  public Defaults {
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(dailyResetZone, "dailyResetZone");
  }

  /** Defaults as a document gives them: what it leaves out (null) comes from {@link #BUILT_IN}. */
  public static Defaults of(Limits limits, ZoneId dailyResetZone) {
    return new Defaults(
        limits == null ? BUILT_IN_LIMITS : limits.withDefaults(BUILT_IN_LIMITS),
        dailyResetZone == null ? KOREA : dailyResetZone);
  }
}
