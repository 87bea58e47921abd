package io.koreanllm.gateway.stats;

import io.koreanllm.gateway.quota.UsageSnapshot;
import io.koreanllm.gateway.usage.UsageTotals;
import io.koreanllm.policy.EffectiveLimits;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * {@code GET /stats/{user}}: a user's limits, what they used, what is left; the same for each of their per-model
 * limits and for their team. A limit of 0 means none.
 *
 * @param models the user's limits per model, where given
 * @param team   the team's, when the user is in one; null otherwise
 */
public record UserStats(String user, String displayName, String description, boolean suspended,
    String dailyResetZone, EffectiveLimits limits, Windows usage, Today today, Remaining remaining,
    Instant cooldownUntil, List<ModelStats> models, TeamStats team) {

  /** The rolling windows, day and month as the quota store sees them (including reservations of requests in flight). */
  public record Windows(long requestsLastMinute, long tokensLastMinute, long tokensLastHour, long requestsToday,
      long tokensToday, long tokensThisMonth, int inFlight) {

    static Windows of(UsageSnapshot snapshot) {
      return new Windows(snapshot.requestsLastMinute(), snapshot.tokensLastMinute(), snapshot.tokensLastHour(),
          snapshot.requestsToday(), snapshot.tokensToday(), snapshot.tokensThisMonth(), snapshot.inFlight());
    }
  }

  /** Settled usage of the quota day, from the ledger. */
  public record Today(LocalDate date, long requests, long promptTokens, long completionTokens, long totalTokens) {

    static Today of(LocalDate date, UsageTotals totals) {
      return new Today(date, totals.requests(), totals.promptTokens(), totals.completionTokens(),
          totals.totalTokens());
    }
  }

  /** What is left in each window; null where there is no such limit. */
  public record Remaining(Long requestsThisMinute, Long tokensThisMinute, Long tokensThisHour, Long tokensToday,
      Long tokensThisMonth) {

    static Remaining of(EffectiveLimits limits, UsageSnapshot snapshot) {
      return new Remaining(left(limits.rpm(), snapshot.requestsLastMinute()),
          left(limits.tpm(), snapshot.tokensLastMinute()), left(limits.tph(), snapshot.tokensLastHour()),
          left(limits.tpd(), snapshot.tokensToday()), left(limits.monthlyTokens(), snapshot.tokensThisMonth()));
    }

    private static Long left(long limit, long used) {
      return limit == 0 ? null : Math.max(0, limit - used);
    }
  }

  /** Limits on one model, on top of the overall ones, with their usage and what is left. */
  public record ModelStats(String model, EffectiveLimits limits, Windows usage, Remaining remaining) {

    static ModelStats of(String model, EffectiveLimits limits, UsageSnapshot snapshot) {
      return new ModelStats(model, limits, Windows.of(snapshot), Remaining.of(limits, snapshot));
    }
  }

  /** The team's limits, which its members share, with the team's usage and what is left of them. */
  public record TeamStats(String name, String displayName, EffectiveLimits limits, Windows usage,
      Remaining remaining, List<ModelStats> models) {
  }
}
