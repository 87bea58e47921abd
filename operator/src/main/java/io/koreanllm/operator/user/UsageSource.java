package io.koreanllm.operator.user;

import java.time.LocalDate;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where users' and teams' usage comes from: the gateway's ledger, read in bulk by an implementation that caches it
 * (the reconcilers ask at most about once a minute per resource, and never write per request). Users and teams are
 * named as in the policy, {@code <namespace>/<name>}.
 */
@FunctionalInterface
public interface UsageSource {

  /** Nothing known: status.usageToday and a team's usage stay unset. */
  UsageSource NONE = user -> OptionalLong.empty();

  /** Tokens the user spent in the policy's current day, when known. */
  OptionalLong tokensToday(String user);

  /**
   * Tokens the team's members spent on {@code today} and from the first of its month through it, when known.
   *
   * @param today the current day in the policy's daily reset zone
   */
  default Optional<TeamTokens> teamTokens(String team, LocalDate today) {
    return Optional.empty();
  }

  /** A team's tokens over a day and over the month up to and including it. */
  record TeamTokens(long today, long thisMonth) {
  }
}
