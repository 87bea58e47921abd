package io.koreanllm.gateway.gpu;

import io.koreanllm.gateway.backend.PrometheusText;
import io.koreanllm.gateway.http.ProbeClients;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads the GPUs from NVIDIA's DCGM exporter ({@code koreanllm.gpu.metrics-urls}: one {@code /metrics} URL per
 * exporter, usually one per GPU node) every {@code koreanllm.backend-poll-interval}, for the dashboard's GPU panel.
 * Prometheus scrapes the exporter itself; the gateway only shows the latest values next to the queues they explain.
 */
@Component
public class GpuMonitor {

  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final int MAX_METRICS_BYTES = 4 * 1024 * 1024;

  /** One exporter's latest scrape: its GPUs, or none and {@code up} false when it did not answer. */
  public record Exporter(String url, boolean up, Instant scrapedAt, List<GpuReading> gpus) {
  }

  /** @param configured false when no exporter is configured: the dashboard then hides its panel */
  public record Gpus(boolean configured, List<Exporter> exporters) {
  }

  private final List<URI> urls;
  private final Duration interval;
  private final WebClient client = ProbeClients.create(TIMEOUT, MAX_METRICS_BYTES);
  private volatile List<Exporter> latest;
  private Disposable polling;

  public GpuMonitor(@Value("${koreanllm.gpu.metrics-urls:}") List<URI> urls,
      @Value("${koreanllm.backend-poll-interval:5s}") Duration interval) {
    this.urls = List.copyOf(urls);
    this.interval = interval;
    this.latest = this.urls.stream().map(url -> new Exporter(url.toString(), false, null, List.of())).toList();
  }

  @PostConstruct
  void start() {
    if (!urls.isEmpty()) {
      polling = Flux.interval(Duration.ZERO, interval).onBackpressureDrop()
          .concatMap(tick -> Flux.fromIterable(urls).concatMap(this::scrape).collectList(), 1)
          .subscribe(scraped -> latest = scraped);
    }
  }

  @PreDestroy
  void stop() {
    if (polling != null) {
      polling.dispose();
    }
  }

  public Gpus gpus() {
    return new Gpus(!urls.isEmpty(), latest);
  }

  private Mono<Exporter> scrape(URI url) {
    return client.get().uri(url).retrieve().bodyToMono(String.class)
        .map(text -> new Exporter(url.toString(), true, Instant.now(), GpuReading.read(PrometheusText.parse(text))))
        .onErrorResume(e -> Mono.just(new Exporter(url.toString(), false, Instant.now(), List.of())));
  }
}
