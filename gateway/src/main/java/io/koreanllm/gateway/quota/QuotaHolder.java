package io.koreanllm.gateway.quota;

import java.util.Objects;

/**
 * A user and the team they belong to when a request is admitted: the team decides where the user's quota state
 * lives (in Redis, every key of a team and its members shares one hash slot, so one script checks them all).
 *
 * @param team null when the user belongs to no team
 */
public record QuotaHolder(String user, String team) {

  public QuotaHolder {
    Objects.requireNonNull(user, "user");
  }

  public static QuotaHolder alone(String user) {
    return new QuotaHolder(user, null);
  }
}
