package io.koreanllm.gateway.admin;

import io.koreanllm.gateway.http.ApiError;
import io.koreanllm.gateway.policy.PolicyHolder;
import io.koreanllm.gateway.policy.PolicyTooLargeException;
import io.koreanllm.gateway.quota.QuotaScopes;
import io.koreanllm.gateway.quota.QuotaStore;
import io.koreanllm.gateway.security.RouteAccess;
import io.koreanllm.gateway.stats.KnownUsers;
import io.koreanllm.gateway.stats.TeamUsage;
import io.koreanllm.gateway.stats.TeamUsageReader;
import io.koreanllm.gateway.stats.UserStats;
import io.koreanllm.gateway.stats.UserStatsReader;
import io.koreanllm.gateway.usage.UsageLedger;
import io.koreanllm.gateway.usage.UsageTotals;
import io.koreanllm.gateway.usage.UserUsage;
import io.koreanllm.policy.ModelRoute;
import io.koreanllm.policy.Policy;
import io.koreanllm.policy.UserPolicy;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The seeds' admin routes over usage and configuration: every user's usage, today's totals, top users, resetting a
 * user and reloading the policy files. Who may call them is security's RouteAccess.
 */
@RestController
class AdminUsageController {

  static final int MAX_TOP_USERS = 100;

  private final PolicyHolder policies;
  private final QuotaStore store;
  private final UsageLedger ledger;
  private final UserStatsReader stats;
  private final TeamUsageReader teamUsage;
  private final Clock clock;

  AdminUsageController(PolicyHolder policies, QuotaStore store, UsageLedger ledger, UserStatsReader stats,
      TeamUsageReader teamUsage, Clock clock) {
    this.policies = policies;
    this.store = store;
    this.ledger = ledger;
    this.stats = stats;
    this.teamUsage = teamUsage;
    this.clock = clock;
  }

  public record AllUsage(List<UserStats> users) {
  }

  /** Every user's {@code /stats}, in the policy's order: the dashboard's live view of usage against limits. */
  @GetMapping("/admin/usage")
  Mono<AllUsage> allUsage() {
    Policy policy = policies.current();
    return Flux.fromIterable(policy.users())
        .flatMapSequential(target -> stats.read(policy, target), 8)
        .collectList()
        .map(AllUsage::new);
  }

  public record Teams(List<TeamUsage> teams) {
  }

  /** Every team's usage against its limits and its members' shares: the dashboard's teams table. */
  @GetMapping("/admin/teams")
  Mono<Teams> teams() {
    return teamUsage.read(policies.current()).map(Teams::new);
  }

  public record Statistics(LocalDate date, String dailyResetZone, UsageTotals today, int configuredUsers,
      List<String> models) {
  }

  @GetMapping("/admin/statistics")
  Mono<Statistics> statistics() {
    Policy policy = policies.current();
    ZoneId zone = policy.defaults().dailyResetZone();
    LocalDate today = LocalDate.now(clock.withZone(zone));
    return ledger.totals(null, today, today).map(totals -> new Statistics(today, zone.getId(), totals,
        policy.users().size(), policy.models().stream().map(model -> model.name()).toList()));
  }

  public record TopUser(String user, String displayName, long requests, long promptTokens, long completionTokens,
      long totalTokens) {
  }

  public record TopUsers(String period, LocalDate from, LocalDate to, List<TopUser> users) {
  }

  @GetMapping("/admin/top-users")
  Mono<TopUsers> topUsers(@RequestParam(defaultValue = "10") String limit,
      @RequestParam(defaultValue = "today") String period) {
    int count = QueryLimit.parse(limit, MAX_TOP_USERS);
    Policy policy = policies.current();
    LocalDate to = LocalDate.now(clock.withZone(policy.defaults().dailyResetZone()));
    LocalDate from = switch (period) {
      case "today" -> to;
      case "week" -> to.minusDays(6);
      case "month" -> to.minusDays(29);
      default -> throw ApiError.invalidRequest("period", "'period' must be today, week or month (was '"
          + period + "').");
    };
    return ledger.topUsers(from, to, count).map(users -> new TopUsers(period, from, to, users.stream()
        .map(usage -> topUser(policy, usage)).toList()));
  }

  public record Reset(String user, boolean reset) {
  }

  @DeleteMapping({"/admin/reset-usage/{user}", "/admin/reset-usage/{namespace}/{name}"})
  Mono<Reset> resetUsage(@PathVariable Map<String, String> named) {
    Policy policy = policies.current();
    UserPolicy target = KnownUsers.named(policy, RouteAccess.namedUser(named));
    return store.reset(QuotaScopes.holder(policy, target), policy.models().stream().map(ModelRoute::name).toList())
        .thenReturn(new Reset(target.name(), true));
  }

  public record Reloaded(int users, int models) {
  }

  /** Reads the policy files again; an invalid policy is refused with every problem listed, the old one stays. */
  @PostMapping("/admin/reload-config")
  Mono<Reloaded> reloadConfig() {
    return Mono.fromCallable(() -> {
      try {
        Policy policy = policies.reload();
        return new Reloaded(policy.users().size(), policy.models().size());
      } catch (PolicyTooLargeException e) {
        throw new ApiError(HttpStatus.INTERNAL_SERVER_ERROR, "server_error", "policy_too_large", null,
            "The new policy was not applied; the previous one stays in force: " + e.getMessage());
      } catch (RuntimeException e) {
        throw new ApiError(HttpStatus.BAD_REQUEST, "invalid_request_error", "invalid_policy", null,
            "The new policy was not applied; the previous one stays in force: " + e.getMessage());
      }
    }).subscribeOn(Schedulers.boundedElastic());
  }

  private static TopUser topUser(Policy policy, UserUsage usage) {
    String displayName = policy.user(usage.user()).map(UserPolicy::displayName).orElse(usage.user());
    return new TopUser(usage.user(), displayName, usage.requests(), usage.promptTokens(), usage.completionTokens(),
        usage.totalTokens());
  }
}
