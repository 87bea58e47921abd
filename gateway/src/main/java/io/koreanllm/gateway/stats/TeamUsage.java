package io.koreanllm.gateway.stats;

import io.koreanllm.policy.EffectiveLimits;
import java.util.List;

/**
 * {@code GET /admin/teams}: a team's limits, its usage now and what is left (the quota store's, reservations
 * included), and each member's share of what the team used this month and today (the ledger's, settled).
 */
public record TeamUsage(String name, String displayName, String description, EffectiveLimits limits,
    UserStats.Windows usage, UserStats.Remaining remaining, List<Member> members) {

  /**
   * @param share the member's part of the team's settled tokens this month, from 0 to 1 (0 when the team used none)
   */
  public record Member(String user, String displayName, long tokensToday, long tokensThisMonth, double share) {
  }
}
