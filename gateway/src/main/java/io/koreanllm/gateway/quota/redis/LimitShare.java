package io.koreanllm.gateway.quota.redis;

import io.koreanllm.policy.EffectiveLimits;

/**
 * One replica's share of a scope's limits while Redis is away: each rate and concurrency limit divided by the
 * replicas, and of the day's and the month's limits what was left when this replica last heard from Redis, divided
 * too. So the
 * replicas together stay within each limit, each on its own. A share never falls to 0, which would mean "no limit":
 * a limit smaller than the number of replicas lets each replica admit one request (or token) of it.
 */
final class LimitShare {

  private LimitShare() {
  }

  static EffectiveLimits of(EffectiveLimits limits, int replicas, long tokensToday, long tokensThisMonth) {
    return new EffectiveLimits(share(limits.rpm(), replicas), share(limits.tpm(), replicas),
        share(limits.tph(), replicas), left(limits.tpd(), tokensToday, replicas), limits.cooldownMinutes(),
        share(limits.maxConcurrent(), replicas), limits.maxTokensPerRequest(),
        left(limits.monthlyTokens(), tokensThisMonth, replicas));
  }

  private static long left(long limit, long used, int replicas) {
    return limit == 0 ? 0 : Math.max(1, Math.max(0, limit - used) / replicas);
  }

  private static int share(int limit, int replicas) {
    return (int) share((long) limit, replicas);
  }

  private static long share(long limit, int replicas) {
    return limit == 0 ? 0 : Math.max(1, limit / replicas);
  }
}
