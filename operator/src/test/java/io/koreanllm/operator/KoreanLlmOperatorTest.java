package io.koreanllm.operator;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.koreanllm.operator.api.EngineKind;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The operator as OperatorMain runs it: with a Lease, health endpoints and Prometheus metrics. */
class KoreanLlmOperatorTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void takesTheLeaseThenReconcilesPublishesAndReportsHealthAndMetrics() throws Exception {
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (MockCluster cluster = new MockCluster()) {
      KoreanLlmOperator operator = cluster.startOperator(Clock.systemUTC(), true,
          config -> config.withMetrics(MicrometerMetrics.withoutPerResourceMetrics(metrics)));
      try (HealthServer health = new HealthServer(0, operator::isReady, metrics)) {
        health.start();
        assertThat(get(health, "/healthz").statusCode()).isEqualTo(200);

        Lease lease = await().atMost(Duration.ofSeconds(15)).until(() -> cluster.client().leases()
            .inNamespace(cluster.client().getNamespace()).withName(MockCluster.LEASE).get(), l -> l != null);
        assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
        await().atMost(Duration.ofSeconds(15)).until(() -> get(health, "/readyz").statusCode() == 200);

        cluster.client().resource(Resources.backend("qwen", EngineKind.SGLANG, "Qwen/Qwen2.5-3B-Instruct", null))
            .create();
        await().atMost(Duration.ofSeconds(15)).until(() -> cluster.client().configMaps()
            .inNamespace(MockCluster.POLICY_NAMESPACE).withName("korean-llm-policy").get(),
            map -> map != null && map.getData().get("policy.yaml").contains("http://qwen.llm.svc:8000"));
        await().atMost(Duration.ofSeconds(15)).until(() -> get(health, "/metrics").body()
            .contains("operator_sdk_reconciliations_success"));
      }
    }
  }

  private HttpResponse<String> get(HealthServer health, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
