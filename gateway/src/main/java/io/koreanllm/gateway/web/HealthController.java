package io.koreanllm.gateway.web;

import io.koreanllm.gateway.policy.PolicyHolder;
import io.koreanllm.policy.ModelRoute;
import java.time.Duration;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /health}: the gateway is up (always 200, so a down model server never takes the gateway out of
 * rotation) and how each model's backend answers its own {@code /health}.
 */
@RestController
public class HealthController {

  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  private final PolicyHolder policies;
  private final WebClient client;

  public HealthController(PolicyHolder policies) {
    this.policies = policies;
    this.client = WebClient.create();
  }

  public record Health(String status, List<BackendHealth> models) {
  }

  public record BackendHealth(String model, String engine, String status) {
  }

  @GetMapping("/health")
  public Mono<Health> health() {
    return Flux.fromIterable(policies.current().models())
        .flatMapSequential(this::probe)
        .collectList()
        .map(models -> new Health(models.stream().allMatch(m -> m.status().equals("up")) ? "ok" : "degraded",
            models));
  }

  private Mono<BackendHealth> probe(ModelRoute model) {
    String engine = model.engine().name().toLowerCase(java.util.Locale.ROOT);
    return client.get().uri(model.backend() + "/health").retrieve().toBodilessEntity()
        .map(response -> new BackendHealth(model.name(), engine, "up"))
        .timeout(PROBE_TIMEOUT)
        .onErrorResume(e -> Mono.just(new BackendHealth(model.name(), engine, "down")));
  }
}
