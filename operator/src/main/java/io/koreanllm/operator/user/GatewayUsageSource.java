package io.koreanllm.operator.user;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Usage from the gateway's ledger, with the admin key, each read kept for {@code maxAge} so that however many users
 * and teams reconcile the gateway is asked about once a minute: users' tokens today from one
 * {@code GET /admin/top-users?period=today}, teams' tokens this month from one
 * {@code GET /admin/usage/export?from=<first of month>&to=<today>&group=team&format=json} (a row per day and team).
 * When the gateway cannot be reached, usage is unknown (the status keeps its last value).
 */
public final class GatewayUsageSource implements UsageSource {

  /** The most users the gateway lists at once; past that, a user missing from the list is unknown, not idle. */
  static final int LIMIT = 100;

  private final URI gateway;
  private final CachedGatewayRead<TopUsers> topUsers;
  private final CachedGatewayRead<List<TeamDay>> teamDays;

  public GatewayUsageSource(URI gateway, String adminKey, Duration maxAge) {
    this.gateway = gateway;
    this.topUsers = new CachedGatewayRead<>(adminKey, maxAge, GatewayUsageSource::topUsers);
    this.teamDays = new CachedGatewayRead<>(adminKey, maxAge, GatewayUsageSource::teamDays);
  }

  /** Each listed user's tokens; {@code complete} when the list is shorter than asked, so it holds every user. */
  private record TopUsers(Map<String, Long> tokens, boolean complete) {
  }

  /** A team's tokens on one day. */
  private record TeamDay(LocalDate day, String team, long tokens) {
  }

  @Override
  public OptionalLong tokensToday(String user) {
    Optional<TopUsers> top = topUsers.get(gateway.resolve("/admin/top-users?period=today&limit=" + LIMIT));
    if (top.isEmpty()) {
      return OptionalLong.empty();
    }
    Long used = top.get().tokens().get(user);
    if (used != null) {
      return OptionalLong.of(used);
    }
    return top.get().complete() ? OptionalLong.of(0) : OptionalLong.empty();
  }

  /** A team without rows spent nothing: the export lists every team that did. */
  @Override
  public Optional<TeamTokens> teamTokens(String team, LocalDate today) {
    URI export = gateway.resolve("/admin/usage/export?from=" + today.withDayOfMonth(1) + "&to=" + today
        + "&group=team&format=json");
    return teamDays.get(export).map(days -> {
      long thisMonth = 0;
      long onToday = 0;
      for (TeamDay day : days) {
        if (day.team().equals(team)) {
          thisMonth += day.tokens();
          onToday += day.day().equals(today) ? day.tokens() : 0;
        }
      }
      return new TeamTokens(onToday, thisMonth);
    });
  }

  private static TopUsers topUsers(JsonNode answer) {
    JsonNode users = answer.path("users");
    Map<String, Long> tokens = new HashMap<>();
    users.forEach(user -> tokens.put(user.path("user").asText(), user.path("total_tokens").asLong()));
    return new TopUsers(tokens, users.size() < LIMIT);
  }

  /** The rows of teams; a row whose team is null counts users in no team, which no team's status shows. */
  private static List<TeamDay> teamDays(JsonNode answer) {
    List<TeamDay> days = new ArrayList<>();
    for (JsonNode row : answer.path("rows")) {
      if (row.path("team").isTextual()) {
        days.add(new TeamDay(LocalDate.parse(row.path("day").asText()), row.path("team").asText(),
            row.path("total_tokens").asLong()));
      }
    }
    return days;
  }
}
