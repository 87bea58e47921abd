package io.koreanllm.gateway.stats;

import io.koreanllm.gateway.quota.UsageSnapshot;
import io.koreanllm.gateway.usage.UsageTotals;
import io.koreanllm.policy.EffectiveLimits;
import java.time.Instant;
import java.time.LocalDate;

/** {@code GET /stats/{user}}: a user's limits, what they used, what is left. A limit of 0 means none. */
public record UserStats(String user, String displayName, String description, boolean suspended,
    String dailyResetZone, EffectiveLimits limits, Windows usage, Today today, Remaining remaining,
    Instant cooldownUntil) {

  /** The rolling windows as the quota store sees them (including reservations of requests in flight). */
  public record Windows(long requestsLastMinute, long tokensLastMinute, long tokensLastHour, long requestsToday,
      long tokensToday, int inFlight) {

    static Windows of(UsageSnapshot snapshot) {
      return new Windows(snapshot.requestsLastMinute(), snapshot.tokensLastMinute(), snapshot.tokensLastHour(),
          snapshot.requestsToday(), snapshot.tokensToday(), snapshot.inFlight());
    }
  }

  /** Settled usage of the quota day, from the ledger. */
  public record Today(LocalDate date, long requests, long promptTokens, long completionTokens, long totalTokens) {

    static Today of(LocalDate date, UsageTotals totals) {
      return new Today(date, totals.requests(), totals.promptTokens(), totals.completionTokens(),
          totals.totalTokens());
    }
  }

  /** What is left in each window; null where the user has no such limit. */
  public record Remaining(Long requestsThisMinute, Long tokensThisMinute, Long tokensThisHour, Long tokensToday) {

    static Remaining of(EffectiveLimits limits, UsageSnapshot snapshot) {
      return new Remaining(left(limits.rpm(), snapshot.requestsLastMinute()),
          left(limits.tpm(), snapshot.tokensLastMinute()), left(limits.tph(), snapshot.tokensLastHour()),
          left(limits.tpd(), snapshot.tokensToday()));
    }

    private static Long left(long limit, long used) {
      return limit == 0 ? null : Math.max(0, limit - used);
    }
  }
}
