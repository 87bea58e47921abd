package io.koreanllm.policy;

import java.time.ZoneId;
import java.util.Objects;

/**
 * What users inherit. Teams inherit nothing: a team's limit left out is no limit.
 *
 * @param limits          the limits of a user who gives none (fields may still be null: then not limited)
 * @param dailyResetZone  the time zone whose calendar day {@code tpd} counts, and whose calendar month
 *                        {@code monthlyTokens} counts; the Korean day by default
 * @param priority        the priority class of a user who gives none
 */
public record Defaults(Limits limits, ZoneId dailyResetZone, PriorityClass priority) {

  public static final ZoneId KOREA = ZoneId.of("Asia/Seoul");

  /** The seeds' defaults: 30 requests and 5,000 tokens a minute, 300,000 tokens an hour, 500,000 a day. */
  public static final Limits BUILT_IN_LIMITS = new Limits(30, 5000, 300_000L, 500_000L, 0, null, null);

  /** The defaults of a policy that gives none. */
  public static final Defaults BUILT_IN = new Defaults(BUILT_IN_LIMITS, KOREA);

  public Defaults {
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(dailyResetZone, "dailyResetZone");
    Objects.requireNonNull(priority, "priority");
  }

  /** Defaults whose users are {@link PriorityClass#INTERACTIVE} unless they say otherwise. */
  public Defaults(Limits limits, ZoneId dailyResetZone) {
    this(limits, dailyResetZone, PriorityClass.INTERACTIVE);
  }

  /** Defaults as a document gives them: what it leaves out (null) comes from {@link #BUILT_IN}. */
  public static Defaults of(Limits limits, ZoneId dailyResetZone) {
    return of(limits, dailyResetZone, null);
  }

  /** As {@link #of(Limits, ZoneId)}, with the users' default priority class (null: interactive). */
  public static Defaults of(Limits limits, ZoneId dailyResetZone, PriorityClass priority) {
    return new Defaults(
        limits == null ? BUILT_IN_LIMITS : limits.withDefaults(BUILT_IN_LIMITS),
        dailyResetZone == null ? KOREA : dailyResetZone,
        priority == null ? BUILT_IN.priority() : priority);
  }
}
