package io.koreanllm.gateway.backend;

import io.koreanllm.gateway.parity.Parity;
import io.koreanllm.gateway.parity.ParityStates;
import io.koreanllm.gateway.policy.PolicyHolder;
import io.koreanllm.policy.ModelRoute;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /health}: the gateway is up (always 200, so a down model server never takes the gateway out of
 * rotation), how each model's backend answers its own {@code /health}, and whether it counts prompts as the gateway
 * does (the parity probe's latest result; it does not change {@code status}).
 */
@RestController
public class HealthController {

  private final PolicyHolder policies;
  private final BackendMonitor monitor;
  private final ParityStates parity;

  public HealthController(PolicyHolder policies, BackendMonitor monitor, ParityStates parity) {
    this.policies = policies;
    this.monitor = monitor;
    this.parity = parity;
  }

  public record Health(String status, List<BackendHealth> models) {
  }

  public record BackendHealth(String model, String engine, String status, Parity parity) {
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
    return monitor.probe(model)
        .map(latency -> new BackendHealth(model.name(), engine, latency.isPresent() ? "up" : "down",
            parity.of(model.name())));
  }
}
