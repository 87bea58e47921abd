package io.koreanllm.helm;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Prometheus Operator's way in: pod monitors per component and the alerts that matter here. */
class MonitoringTest {

  @Test
  void noMonitorsOrRulesUnlessAskedFor() {
    Chart.Rendered chart = Chart.render(Map.of());
    assertThat(chart.all(PodMonitor.class)).isEmpty();
    assertThat(chart.all(PrometheusRule.class)).isEmpty();
  }

  @Test
  void eachComponentsPodMonitorScrapesItsOwnPodsOnItsMetricsPort() {
    Chart.Rendered chart = Chart.render(Map.of("gateway.podMonitor", true, "operator.podMonitor", true,
        "monitoring.backendsPodMonitor", true, "monitoring.backendNamespaces[0]", "llm-models",
        "monitoring.labels.release", "kube-prometheus-stack"));
    assertThat(chart.all(PodMonitor.class)).hasSize(3)
        .allSatisfy(m -> assertThat(m.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack"));

    PodMonitor gateway = chart.get(PodMonitor.class, "gateway");
    assertThat(chart.get(Deployment.class, "gateway").getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(gateway.getSpec().getSelector().getMatchLabels());
    assertThat(gateway.getSpec().getPodMetricsEndpoints()).singleElement().satisfies(e -> {
      assertThat(e.getPort()).isEqualTo("management");
      assertThat(e.getPath()).isEqualTo("/actuator/prometheus");
    });
    PodMonitor operator = chart.get(PodMonitor.class, "operator");
    assertThat(chart.get(Deployment.class, "operator").getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(operator.getSpec().getSelector().getMatchLabels());
    assertThat(operator.getSpec().getPodMetricsEndpoints().get(0).getPath()).isEqualTo("/metrics");

    // The operator's model-server pods carry these labels (BackendDeployment.podLabels).
    PodMonitor backends = chart.get(PodMonitor.class, "backends");
    assertThat(backends.getSpec().getSelector().getMatchLabels()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "app.kubernetes.io/managed-by", "korean-llm-operator", "app.kubernetes.io/name", "llm-backend"));
    assertThat(backends.getSpec().getNamespaceSelector().getMatchNames()).containsExactly("llm-models");
    assertThat(backends.getSpec().getPodMetricsEndpoints().get(0).getPort()).isEqualTo("http");
  }

  @Test
  void alertsForAUserNearTheDailyLimitAModelServerDownAndTheQuotaStore() {
    PrometheusRule rule = Chart.render(Map.of("monitoring.prometheusRule.enabled", true,
        "monitoring.prometheusRule.dailyLimitRatio", 0.8)).get(PrometheusRule.class, "alerts");
    Map<String, Rule> alerts = rule.getSpec().getGroups().get(0).getRules().stream()
        .collect(java.util.stream.Collectors.toMap(Rule::getAlert, r -> r));

    assertThat(alerts).containsOnlyKeys("KoreanLlmUserNearDailyLimit", "KoreanLlmPolicyNotPublished",
        "KoreanLlmBackendDown", "KoreanLlmQuotaStoreRefusing", "KoreanLlmQuotaStoreDown");
    // The operator's UserQuotaGauges and the gateway's documented metrics, by their Prometheus names.
    assertThat(alerts.get("KoreanLlmUserNearDailyLimit").getExpr().getStrVal())
        .contains("koreanllm_user_tokens_today / koreanllm_user_daily_limit_tokens").endsWith("> 0.8");
    // The operator's PolicyGauges (PolicyPublisherTest reads the gauge it is made of).
    assertThat(alerts.get("KoreanLlmPolicyNotPublished").getExpr().getStrVal())
        .isEqualTo("max(koreanllm_policy_published) == 0");
    assertThat(alerts.get("KoreanLlmBackendDown").getExpr().getStrVal()).contains("koreanllm_backend_up")
        .endsWith("== 0");
    assertThat(alerts.get("KoreanLlmQuotaStoreRefusing").getExpr().getStrVal())
        .contains("koreanllm_requests_total{outcome=\"unavailable\"}");
    assertThat(alerts.get("KoreanLlmQuotaStoreDown").getExpr().getStrVal())
        .contains("statefulset=\"" + Chart.PREFIX + "redis\"");
    assertThat(alerts.values()).allSatisfy(alert -> {
      assertThat(alert.getLabels()).containsKey("severity");
      assertThat(alert.getAnnotations()).containsKeys("summary", "description");
    });

    PrometheusRule external = Chart.render(Map.of("monitoring.prometheusRule.enabled", true, "redis.enabled", false,
        "redis.external.url", "redis://redis.infra:6379")).get(PrometheusRule.class, "alerts");
    assertThat(external.getSpec().getGroups().get(0).getRules()).extracting(Rule::getAlert)
        .doesNotContain("KoreanLlmQuotaStoreDown");
  }
}
