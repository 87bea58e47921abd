package io.koreanllm.policy;

/**
 * A user's limits as given in the policy. Any field may be null, meaning "inherit from the policy's
 * defaults"; {@link Policy#limitsOf(UserPolicy)} resolves them into {@link EffectiveLimits}. A value of 0
 * means "no limit" (see {@link EffectiveLimits}).
 *
 * @param rpm                 requests per rolling minute
 * @param tpm                 tokens (prompt + completion) per rolling minute
 * @param tph                 tokens per rolling hour
 * @param tpd                 tokens per calendar day in the policy's {@code dailyResetZone}
 * @param cooldownMinutes     after the user hits a limit, refuse all their requests for this long
 * @param maxConcurrent       requests in flight at once
 * @param maxTokensPerRequest cap on one request's prompt + {@code max_tokens}
 */
public record Limits(Integer rpm, Integer tpm, Long tph, Long tpd, Integer cooldownMinutes,
           Integer maxConcurrent, Integer maxTokensPerRequest) {

  /** Nothing given: everything inherited. */
  public static final Limits NONE = new Limits(null, null, null, null, null, null, null);

  public Limits {
    checkNonNegative("rpm", rpm);
    checkNonNegative("tpm", tpm);
    checkNonNegative("tph", tph);
    checkNonNegative("tpd", tpd);
    checkNonNegative("cooldownMinutes", cooldownMinutes);
    checkNonNegative("maxConcurrent", maxConcurrent);
    checkNonNegative("maxTokensPerRequest", maxTokensPerRequest);
  }

  /** These limits with every null field taken from {@code defaults}. */
  public Limits withDefaults(Limits defaults) {
    return new Limits(
        rpm != null ? rpm : defaults.rpm,
        tpm != null ? tpm : defaults.tpm,
        tph != null ? tph : defaults.tph,
        tpd != null ? tpd : defaults.tpd,
        cooldownMinutes != null ? cooldownMinutes : defaults.cooldownMinutes,
        maxConcurrent != null ? maxConcurrent : defaults.maxConcurrent,
        maxTokensPerRequest != null ? maxTokensPerRequest : defaults.maxTokensPerRequest);
  }

  static void checkNonNegative(String field, Number value) {
    if (value != null) {
      Rules.check(field, Rules.nonNegative(value.longValue()));
    }
  }
}
