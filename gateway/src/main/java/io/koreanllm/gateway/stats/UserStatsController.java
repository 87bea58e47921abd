package io.koreanllm.gateway.stats;

import io.koreanllm.gateway.policy.PolicyHolder;
import io.koreanllm.policy.Policy;
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

  @GetMapping("/stats/{user}")
  Mono<UserStats> userStats(@PathVariable String user) {
    Policy policy = policies.current();
    return stats.read(policy, KnownUsers.named(policy, user));
  }
}
