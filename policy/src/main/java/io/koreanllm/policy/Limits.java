package io.koreanllm.policy;

/**
 * Limits as given in the policy: a user's (where a null field inherits the policy's defaults), a team's or a
 * per-model entry's (where a null field is not limited). {@link Policy#limitsOf(UserPolicy)} and its siblings
 * resolve them into {@link EffectiveLimits}. A value of 0 means "no limit" (see {@link EffectiveLimits}).
 *
 * @param rpm                 requests per rolling minute
 * @param tpm                 tokens (prompt + completion) per rolling minute
 * @param tph                 tokens per rolling hour
 * @param tpd                 tokens per calendar day in the policy's {@code dailyResetZone}
 * @param cooldownMinutes     after the user hits a limit, refuse all their requests for this long (users only)
 * @param maxConcurrent       requests in flight at once
 * @param maxTokensPerRequest cap on one request's prompt + {@code max_tokens} (users only)
 * @param monthlyTokens       tokens per calendar month in the policy's {@code dailyResetZone}
 */
public record Limits(Integer rpm, Integer tpm, Long tph, Long tpd, Integer cooldownMinutes,
           Integer maxConcurrent, Integer maxTokensPerRequest, Long monthlyTokens) {

  /** Nothing given: everything inherited (for a user) or not limited (for a team or a model). */
  public static final Limits NONE = new Limits(null, null, null, null, null, null, null, null);

  public Limits {
    checkNonNegative("rpm", rpm);
    checkNonNegative("tpm", tpm);
    checkNonNegative("tph", tph);
    checkNonNegative("tpd", tpd);
    checkNonNegative("cooldownMinutes", cooldownMinutes);
    checkNonNegative("maxConcurrent", maxConcurrent);
    checkNonNegative("maxTokensPerRequest", maxTokensPerRequest);
    checkNonNegative("monthlyTokens", monthlyTokens);
  }

  /** Limits without a monthly budget, as they were given before there was one. */
  public Limits(Integer rpm, Integer tpm, Long tph, Long tpd, Integer cooldownMinutes, Integer maxConcurrent,
      Integer maxTokensPerRequest) {
    this(rpm, tpm, tph, tpd, cooldownMinutes, maxConcurrent, maxTokensPerRequest, null);
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
        maxTokensPerRequest != null ? maxTokensPerRequest : defaults.maxTokensPerRequest,
        monthlyTokens != null ? monthlyTokens : defaults.monthlyTokens);
  }

  static void checkNonNegative(String field, Number value) {
    if (value != null) {
      Rules.check(field, Rules.nonNegative(value.longValue()));
    }
  }
}
