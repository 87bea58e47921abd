package io.koreanllm.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart ships the Grafana dashboard as a ConfigMap a Grafana sidecar picks up, holding the dashboard file
 * unchanged, and the gateway's pods say where Prometheus scrapes them. (That every koreanllm_* series the dashboard
 * queries exists is checked against a real scrape in the gateway's PrometheusMetricsTest.)
 */
class GrafanaDashboardTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theDashboardIsAConfigMapForTheGrafanaSidecar() throws Exception {
    ConfigMap dashboard = Chart.render(Map.of()).get(ConfigMap.class, "grafana-dashboard");

    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    String json = dashboard.getData().get("korean-llm-limiter.json");
    assertThat(JSON.readTree(json))
        .isEqualTo(JSON.readTree(Files.readString(Chart.DIR.resolve("dashboards/korean-llm-limiter.json"))));

    JsonNode parsed = JSON.readTree(json);
    assertThat(parsed.path("uid").asText()).isEqualTo("korean-llm-limiter");
    List<String> queries = new ArrayList<>();
    parsed.path("panels").forEach(panel -> panel.path("targets").forEach(t -> queries.add(t.path("expr").asText())));
    assertThat(queries).isNotEmpty().allSatisfy(query -> assertThat(query).contains("koreanllm_"));
    // Every panel queries the datasource chosen in the dashboard, whatever the Grafana calls its Prometheus.
    parsed.path("panels").forEach(panel -> {
      if (!panel.path("type").asText().equals("row")) {
        assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
      }
    });
  }

  @Test
  void theLabelTheNamespaceAndTheConfigMapItselfAreValues() {
    Chart.Rendered custom = Chart.render(Map.of("grafana.dashboard.label", "dashboards",
        "grafana.dashboard.labelValue", "llm", "grafana.dashboard.namespace", "monitoring"));
    ConfigMap dashboard = custom.get(ConfigMap.class, "grafana-dashboard");
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("dashboards", "llm");
    assertThat(dashboard.getMetadata().getNamespace()).isEqualTo("monitoring");

    assertThat(Chart.render(Map.of("grafana.dashboard.enabled", false))
        .find(ConfigMap.class, Chart.PREFIX + "grafana-dashboard")).isEmpty();
  }

  @Test
  void metricsAndProbesAreOnAManagementPortThatNoServiceExposesAndPrometheusIsToldOfIt() {
    Chart.Rendered chart = Chart.render(Map.of("gateway.ingress.enabled", true));
    Deployment gateway = chart.get(Deployment.class, "gateway");
    assertThat(gateway.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("prometheus.io/scrape", "true")
        .containsEntry("prometheus.io/path", "/actuator/prometheus")
        .containsEntry("prometheus.io/port", "9090");
    Container container = gateway.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getEnv()).anySatisfy(env -> {
      assertThat(env.getName()).isEqualTo("MANAGEMENT_SERVER_PORT");
      assertThat(env.getValue()).isEqualTo("9090");
    });
    assertThat(List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe()))
        .allSatisfy(probe -> assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management"));
    // Users' names and usage are in the metrics: the Service (hence the Ingress) reaches only the API port.
    assertThat(chart.get(Service.class, "gateway").getSpec().getPorts())
        .extracting(port -> port.getTargetPort().getStrVal()).containsExactly("http");
  }
}
