package io.koreanllm.helm;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.koreanllm.operator.OperatorSettings;
import io.koreanllm.operator.backend.NetworkAccess;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing but the gateway reaches Redis, the simulator or (through the operator's NetworkPolicies) a model server;
 * only the scraper reaches the gateway's management port and the operator's metrics.
 */
class NetworkPolicyTest {

  private static final Map<String, Object> WITH_SIMULATOR = Map.of("simulator.enabled", true);

  @Test
  void redisAndTheSimulatorTakeConnectionsFromTheGatewayOnly() {
    Chart.Rendered chart = Chart.render(WITH_SIMULATOR);
    Map<String, String> gatewayPods = podLabels(chart.get(Deployment.class, "gateway"));
    Map<String, String> operatorPods = podLabels(chart.get(Deployment.class, "operator"));

    NetworkPolicy redis = chart.get(NetworkPolicy.class, "redis");
    assertSelects(redis.getSpec().getPodSelector(), chart.get(StatefulSet.class, "redis").getSpec().getTemplate()
        .getMetadata().getLabels());
    NetworkPolicy simulator = chart.get(NetworkPolicy.class, "simulator");
    assertSelects(simulator.getSpec().getPodSelector(), podLabels(chart.get(Deployment.class, "simulator")));
    for (NetworkPolicy policy : List.of(redis, simulator)) {
      assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
      NetworkPolicyPeer peer = onlyPeer(policy.getSpec().getIngress());
      assertThat(peer.getNamespaceSelector()).as("the release's namespace only").isNull();
      assertSelects(peer.getPodSelector(), gatewayPods);
      assertThat(matches(peer.getPodSelector(), operatorPods)).as("not the operator").isFalse();
    }
    assertThat(redis.getSpec().getIngress().get(0).getPorts().get(0).getPort().getStrVal()).isEqualTo("redis");
  }

  @Test
  void theGatewaysApiIsOpenAndItsManagementPortOnlyToTheScraper() {
    NetworkPolicy gateway = Chart.render(Map.of()).get(NetworkPolicy.class, "gateway");
    assertThat(gateway.getSpec().getIngress()).hasSize(2);
    NetworkPolicyIngressRule api = gateway.getSpec().getIngress().get(0);
    assertThat(api.getFrom()).as("any client").isEmpty();
    assertThat(api.getPorts()).singleElement().satisfies(port -> assertThat(port.getPort().getStrVal())
        .isEqualTo("http"));
    NetworkPolicyIngressRule management = gateway.getSpec().getIngress().get(1);
    assertThat(management.getPorts()).singleElement().satisfies(port -> assertThat(port.getPort().getStrVal())
        .isEqualTo("management"));
    assertThat(management.getFrom()).singleElement().satisfies(peer -> {
      assertThat(peer.getNamespaceSelector().getMatchLabels())
          .containsExactly(Map.entry("kubernetes.io/metadata.name", "monitoring"));
      assertThat(peer.getPodSelector().getMatchLabels()).containsExactly(Map.entry("app.kubernetes.io/name", "prometheus"));
    });

    NetworkPolicy operator = Chart.render(Map.of("monitoring.scraper.namespace", "")).get(NetworkPolicy.class,
        "operator");
    assertThat(operator.getSpec().getIngress()).as("no scraper: nothing may connect").isEmpty();
  }

  @Test
  void theOperatorsBackendPoliciesAdmitThisReleasesGatewayPodsAndTheScraper() {
    Chart.Rendered chart = Chart.render(Map.of("monitoring.scraper.namespace", "observability",
        "monitoring.scraper.podLabels.app\\.kubernetes\\.io/instance", "prom"));
    Map<String, String> env = Containers.env(Containers.of(chart, "operator"));
    NetworkAccess access = OperatorSettings.fromEnvironment(env, Chart.NAMESPACE).network();

    assertThat(access.enabled()).isTrue();
    assertThat(access.gatewayNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(podLabels(chart.get(Deployment.class, "gateway"))).containsAllEntriesOf(access.gatewayPods());
    assertThat(podLabels(chart.get(Deployment.class, "operator"))).as("selects the gateway only")
        .doesNotContainEntry("app.kubernetes.io/component", access.gatewayPods().get("app.kubernetes.io/component"));
    assertThat(access.gatewayPods()).containsEntry("app.kubernetes.io/instance", Chart.RELEASE);
    assertThat(access.scraperNamespace()).isEqualTo("observability");
    assertThat(access.scraperPods()).containsOnly(Map.entry("app.kubernetes.io/name", "prometheus"),
        Map.entry("app.kubernetes.io/instance", "prom"));
  }

  @Test
  void switchedOffThereAreNoneAndTheOperatorMakesNone() {
    Chart.Rendered chart = Chart.render(Map.of("networkPolicy.enabled", false, "simulator.enabled", true));
    assertThat(chart.all(NetworkPolicy.class)).isEmpty();
    assertThat(OperatorSettings.fromEnvironment(Containers.env(Containers.of(chart, "operator")), Chart.NAMESPACE)
        .network().enabled()).isFalse();
  }

  private static Map<String, String> podLabels(Deployment deployment) {
    return deployment.getSpec().getTemplate().getMetadata().getLabels();
  }

  private static NetworkPolicyPeer onlyPeer(List<NetworkPolicyIngressRule> ingress) {
    assertThat(ingress).hasSize(1);
    assertThat(ingress.get(0).getFrom()).hasSize(1);
    return ingress.get(0).getFrom().get(0);
  }

  private static void assertSelects(LabelSelector selector, Map<String, String> labels) {
    assertThat(matches(selector, labels)).as("%s selects %s", selector.getMatchLabels(), labels).isTrue();
  }

  private static boolean matches(LabelSelector selector, Map<String, String> labels) {
    assertThat(selector.getMatchExpressions()).isNullOrEmpty();
    return labels.entrySet().containsAll(selector.getMatchLabels().entrySet());
  }
}
