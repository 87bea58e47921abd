package io.koreanllm.policy;

/**
 * Limits with nothing left to inherit: a user's, a team's, or one of their per-model entries. For every field, 0
 * means "no limit": {@code tpd = 0} lets a user spend any number of tokens a day, {@code cooldownMinutes = 0} means
 * no cooldown after a limit is hit. There is deliberately no value that blocks a user; a suspended user
 * ({@link UserPolicy#suspended()}) is how one is blocked.
 *
 * @param monthlyTokens tokens per calendar month in the policy's {@code dailyResetZone}
 */
public record EffectiveLimits(int rpm, int tpm, long tph, long tpd, int cooldownMinutes,
               int maxConcurrent, int maxTokensPerRequest, long monthlyTokens) {

  public EffectiveLimits {
    Limits.checkNonNegative("rpm", rpm);
    Limits.checkNonNegative("tpm", tpm);
    Limits.checkNonNegative("tph", tph);
    Limits.checkNonNegative("tpd", tpd);
    Limits.checkNonNegative("cooldownMinutes", cooldownMinutes);
    Limits.checkNonNegative("maxConcurrent", maxConcurrent);
    Limits.checkNonNegative("maxTokensPerRequest", maxTokensPerRequest);
    Limits.checkNonNegative("monthlyTokens", monthlyTokens);
  }

  /** Limits without a monthly budget ({@code monthlyTokens} 0), as they were made before there was one. */
  public EffectiveLimits(int rpm, int tpm, long tph, long tpd, int cooldownMinutes, int maxConcurrent,
      int maxTokensPerRequest) {
    this(rpm, tpm, tph, tpd, cooldownMinutes, maxConcurrent, maxTokensPerRequest, 0);
  }

  /**
   * Resolves limits whose defaults, if they have any, have already been applied ({@link Limits#withDefaults}); a
   * field that is still null was given nowhere, so it is not limited (0).
   */
  public static EffectiveLimits of(Limits limits) {
    return new EffectiveLimits(
        orZero(limits.rpm()),
        orZero(limits.tpm()),
        orZero(limits.tph()),
        orZero(limits.tpd()),
        orZero(limits.cooldownMinutes()),
        orZero(limits.maxConcurrent()),
        orZero(limits.maxTokensPerRequest()),
        orZero(limits.monthlyTokens()));
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }
}
