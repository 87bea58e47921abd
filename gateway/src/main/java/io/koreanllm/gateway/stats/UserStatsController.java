package io.koreanllm.gateway.stats;

import io.koreanllm.gateway.policy.PolicyHolder;
import io.koreanllm.gateway.security.RouteAccess;
import io.koreanllm.policy.Policy;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /stats/{user}}: the seeds' per-user stats, for the admin or that user (security's RouteAccess). */
@RestController
class UserStatsController {

  private final PolicyHolder policies;
  private final UserStatsReader stats;

  UserStatsController(PolicyHolder policies, UserStatsReader stats) {
    this.policies = policies;
    this.stats = stats;
  }

  /** A user by name or display name; the operator's users, named {@code <namespace>/<name>}, by the two segments. */
  @GetMapping({"/stats/{user}", "/stats/{namespace}/{name}"})
  Mono<UserStats> userStats(@PathVariable Map<String, String> named) {
    Policy policy = policies.current();
    return stats.read(policy, KnownUsers.named(policy, RouteAccess.namedUser(named)));
  }
}
