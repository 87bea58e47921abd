package io.koreanllm.gateway.stats;

import io.koreanllm.gateway.auth.ApiKeyAuthenticator;
import io.koreanllm.gateway.auth.Caller;
import io.koreanllm.gateway.ledger.UsageLedger;
import io.koreanllm.gateway.ledger.UsageTotals;
import io.koreanllm.gateway.ledger.UserUsage;
import io.koreanllm.gateway.openai.ApiError;
import io.koreanllm.gateway.policy.PolicyHolder;
import io.koreanllm.gateway.quota.QuotaStore;
import io.koreanllm.policy.Policy;
import io.koreanllm.policy.UserPolicy;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
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
 * The seeds' stats and admin routes. {@code /stats/{user}} opens to the admin key or the user's own key; every
 * {@code /admin/} route to the admin key only. A user is named by name or display name (percent-encoded UTF-8).
 */
@RestController
public class StatsController {

  static final int MAX_TOP_USERS = 100;

  private final ApiKeyAuthenticator authenticator;
  private final PolicyHolder policies;
  private final QuotaStore store;
  private final UsageLedger ledger;
  private final Clock clock;

  public StatsController(ApiKeyAuthenticator authenticator, PolicyHolder policies, QuotaStore store,
      UsageLedger ledger, Clock clock) {
    this.authenticator = authenticator;
    this.policies = policies;
    this.store = store;
    this.ledger = ledger;
    this.clock = clock;
  }

  @GetMapping("/stats/{user}")
  public Mono<UserStats> userStats(ServerHttpRequest request, @PathVariable String user) {
    Caller caller = authenticator.caller(request);
    Policy policy = policies.current();
    UserPolicy target = user(policy, user);
    if (caller instanceof Caller.User own && !own.policy().name().equals(target.name())) {
      throw ApiError.forbidden("not_your_stats", "A user's key shows only that user's stats. / "
          + "본인의 통계만 조회할 수 있습니다.");
    }
    return stats(policy, target);
  }

  public record AllUsage(List<UserStats> users) {
  }

  /** Every user's {@code /stats}, in the policy's order: the dashboard's live view of usage against limits. */
  @GetMapping("/admin/usage")
  public Mono<AllUsage> allUsage(ServerHttpRequest request) {
    authenticator.requireAdmin(request);
    Policy policy = policies.current();
    return Flux.fromIterable(policy.users())
        .flatMapSequential(target -> stats(policy, target), 8)
        .collectList()
        .map(AllUsage::new);
  }

  private Mono<UserStats> stats(Policy policy, UserPolicy target) {
    ZoneId zone = policy.defaults().dailyResetZone();
    LocalDate today = LocalDate.now(clock.withZone(zone));
    var limits = policy.limitsOf(target);
    return Mono.zip(store.snapshot(target.name(), zone), ledger.totals(target.name(), today, today))
        .map(both -> new UserStats(target.name(), target.displayName(), target.description(), target.suspended(),
            zone.getId(), limits, UserStats.Windows.of(both.getT1()), UserStats.Today.of(today, both.getT2()),
            UserStats.Remaining.of(limits, both.getT1()), both.getT1().cooldownUntil()));
  }

  public record Statistics(LocalDate date, String dailyResetZone, UsageTotals today, int configuredUsers,
      List<String> models) {
  }

  @GetMapping("/admin/statistics")
  public Mono<Statistics> statistics(ServerHttpRequest request) {
    authenticator.requireAdmin(request);
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
  public Mono<TopUsers> topUsers(ServerHttpRequest request, @RequestParam(defaultValue = "10") String limit,
      @RequestParam(defaultValue = "today") String period) {
    authenticator.requireAdmin(request);
    int count = parseLimit(limit, MAX_TOP_USERS);
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

  @DeleteMapping("/admin/reset-usage/{user}")
  public Mono<Reset> resetUsage(ServerHttpRequest request, @PathVariable String user) {
    authenticator.requireAdmin(request);
    UserPolicy target = user(policies.current(), user);
    return store.reset(target.name()).thenReturn(new Reset(target.name(), true));
  }

  public record Reloaded(int users, int models) {
  }

  /** Reads the policy files again; an invalid policy is refused with every problem listed, the old one stays. */
  @PostMapping("/admin/reload-config")
  public Mono<Reloaded> reloadConfig(ServerHttpRequest request) {
    authenticator.requireAdmin(request);
    return Mono.fromCallable(() -> {
      try {
        Policy policy = policies.reload();
        return new Reloaded(policy.users().size(), policy.models().size());
      } catch (RuntimeException e) {
        throw new ApiError(HttpStatus.BAD_REQUEST, "invalid_request_error", "invalid_policy", null,
            "The new policy was not applied; the previous one stays in force: " + e.getMessage());
      }
    }).subscribeOn(Schedulers.boundedElastic());
  }

  private static UserPolicy user(Policy policy, String nameOrDisplayName) {
    return policy.user(nameOrDisplayName).orElseThrow(() -> ApiError.notFound("No user '" + nameOrDisplayName
        + "'. / 사용자 '" + nameOrDisplayName + "'을(를) 찾을 수 없습니다."));
  }

  private static TopUser topUser(Policy policy, UserUsage usage) {
    String displayName = policy.user(usage.user()).map(UserPolicy::displayName).orElse(usage.user());
    return new TopUser(usage.user(), displayName, usage.requests(), usage.promptTokens(), usage.completionTokens(),
        usage.totalTokens());
  }

  /** A {@code limit} query parameter: a whole number from 1 to {@code max}, or a 400 saying so. */
  static int parseLimit(String limit, int max) {
    try {
      int value = Integer.parseInt(limit);
      if (value >= 1 && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // falls through to the refusal below
    }
    throw ApiError.invalidRequest("limit", "'limit' must be a whole number from 1 to " + max
        + " (was '" + limit + "').");
  }
}
