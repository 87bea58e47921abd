package io.koreanllm.gateway.backend;

import io.koreanllm.gateway.http.ProbeClients;
import io.koreanllm.gateway.policy.PolicyHolder;
import io.koreanllm.policy.ModelRoute;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Watches every model's backend, as the seeds' performance view did: probes its {@code /health} and reads its
 * Prometheus {@code /metrics} (vLLM or SGLang names) every {@code koreanllm.backend-poll-interval}. The latest view
 * feeds the dashboard and the {@code koreanllm_backend_*} gauges; what each server has waiting in its own queue is
 * published ({@link EngineWaiting}) for the model's line.
 */
@Component
public class BackendMonitor {

  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
  /** Scrapes larger than this are cut off: a backend's metrics must not fill the gateway's memory. */
  private static final int MAX_METRICS_BYTES = 4 * 1024 * 1024;

  /** A reading stands this many poll intervals: a scrape or two may fail without the line forgetting it. */
  private static final int READINGS_STAND = 3;

  private final PolicyHolder policies;
  private final MeterRegistry registry;
  private final ApplicationEventPublisher events;
  private final Duration interval;
  private final WebClient client;
  private final Map<String, Watched> watched = new ConcurrentHashMap<>();
  private Disposable polling;

  public BackendMonitor(PolicyHolder policies, MeterRegistry registry, ApplicationEventPublisher events,
      @Value("${koreanllm.backend-poll-interval:5s}") Duration interval) {
    this.policies = policies;
    this.registry = registry;
    this.events = events;
    this.interval = interval;
    this.client = ProbeClients.create(PROBE_TIMEOUT, MAX_METRICS_BYTES);
  }

  @PostConstruct
  void start() {
    polling = Flux.interval(Duration.ZERO, interval)
        .onBackpressureDrop()
        .concatMap(tick -> pollAll(), 1)
        .subscribe();
  }

  @PreDestroy
  void stop() {
    polling.dispose();
  }

  /** The latest status of each model in the policy, in the policy's order; null fields until first polled. */
  public List<BackendStatus> statuses() {
    return policies.current().models().stream()
        .map(model -> Optional.ofNullable(watched.get(model.name())).map(w -> w.status)
            .orElse(new BackendStatus(model.name(), engine(model), false, null, null, null)))
        .toList();
  }

  /** Probes a backend's {@code /health} now: the latency in milliseconds, or empty when it is down. */
  public Mono<Optional<Long>> probe(ModelRoute model) {
    return Mono.defer(() -> {
      long start = System.nanoTime();
      return client.get().uri(model.backend() + "/health").retrieve().toBodilessEntity()
          .map(response -> Optional.of(Duration.ofNanos(System.nanoTime() - start).toMillis()));
    }).onErrorResume(e -> Mono.just(Optional.empty()));
  }

  Mono<Void> pollAll() {
    return Flux.fromIterable(policies.current().models()).flatMap(this::poll).then();
  }

  private Mono<Void> poll(ModelRoute model) {
    Mono<Optional<EngineMetrics>> metrics = client.get().uri(model.backend() + "/metrics").retrieve()
        .bodyToMono(String.class)
        .map(text -> EngineMetrics.read(PrometheusText.parse(text), model.name()))
        .onErrorResume(e -> Mono.just(Optional.empty()))
        .defaultIfEmpty(Optional.empty());
    return Mono.zip(probe(model), metrics)
        .doOnNext(both -> {
          watched(model).update(model, both.getT1(), both.getT2().orElse(null));
          both.getT2().ifPresent(load -> events.publishEvent(new EngineWaiting(model.name(),
              (int) Math.round(load.waiting()), interval.multipliedBy(READINGS_STAND))));
        })
        .then();
  }

  private Watched watched(ModelRoute model) {
    return watched.computeIfAbsent(model.name(), name -> {
      Watched fresh = new Watched();
      gauge("koreanllm.backend.up", "1 when the backend's /health answers", name, fresh, s -> s.up() ? 1 : 0);
      gauge("koreanllm.backend.requests.running", "Requests the backend is generating", name, fresh,
          s -> s.load() == null ? Double.NaN : s.load().running());
      gauge("koreanllm.backend.requests.waiting", "Requests queued at the backend", name, fresh,
          s -> s.load() == null ? Double.NaN : s.load().waiting());
      gauge("koreanllm.backend.kv.cache.usage", "Fraction of the backend's KV cache in use", name, fresh,
          s -> s.load() == null ? Double.NaN : s.load().kvCacheUsage());
      gauge("koreanllm.backend.generation.tokens.per.second", "Tokens the backend generates per second", name,
          fresh, s -> s.load() == null || s.load().generationTokensPerSecond() == null ? Double.NaN
              : s.load().generationTokensPerSecond());
      return fresh;
    });
  }

  private void gauge(String name, String description, String model, Watched watched,
      ToDoubleFunction<BackendStatus> value) {
    Gauge.builder(name, watched, w -> w.status == null ? Double.NaN : value.applyAsDouble(w.status))
        .description(description).tag("model", model).strongReference(true).register(registry);
  }

  private static String engine(ModelRoute model) {
    return model.engine().name().toLowerCase(Locale.ROOT);
  }

  /** One backend's latest status, and the scrape its rates are taken from. */
  private static final class Watched {

    private volatile BackendStatus status;
    private EngineMetrics previous;
    private long previousNanos;

    synchronized void update(ModelRoute model, Optional<Long> healthLatency, EngineMetrics metrics) {
      long now = System.nanoTime();
      BackendStatus.Load load = null;
      if (metrics != null) {
        Double throughput = null;
        Double ttft = null;
        if (previous != null && metrics.generationTokens() >= previous.generationTokens()) {
          double seconds = (now - previousNanos) / 1e9;
          throughput = (metrics.generationTokens() - previous.generationTokens()) / seconds;
          double requests = metrics.ttftCount() - previous.ttftCount();
          ttft = requests > 0 ? 1000 * (metrics.ttftSeconds() - previous.ttftSeconds()) / requests : null;
        }
        load = new BackendStatus.Load(metrics.running(), metrics.waiting(), metrics.kvCacheUsage(), throughput,
            ttft);
        previous = metrics;
        previousNanos = now;
      }
      status = new BackendStatus(model.name(), engine(model), healthLatency.isPresent(),
          healthLatency.orElse(null), Instant.now(), load);
    }
  }
}
