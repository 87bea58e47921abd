package io.koreanllm.helm;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.koreanllm.gateway.policy.ConfigMapPolicySource;
import io.koreanllm.operator.MockCluster;
import io.koreanllm.policy.Policy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's RBAC in the chart is exactly what its code uses: the gateway's own ConfigMapPolicySource reads the
 * policy and watches it change against a recording API server (no operator runs), and every request it makes is
 * mapped to the permission it needs.
 */
class GatewayRbacTest {

  private static final String POLICY = "korean-llm-policy";
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void theChartGrantsTheGatewayExactlyWhatReadingAndWatchingThePolicyUses() {
    List<ApiRequest> used;
    try (MockCluster cluster = new MockCluster(); KubernetesClient test = RbacCheck.testClient(cluster)) {
      test.resource(policy(30)).create();
      cluster.takeRequests();

      List<Policy> seen = new CopyOnWriteArrayList<>();
      try (ConfigMapPolicySource source = new ConfigMapPolicySource(cluster.client(), Chart.NAMESPACE, POLICY,
          "policy.yaml")) {
        assertThat(source.read().defaults().limits().rpm()).isEqualTo(30);
        source.watch(seen::add, e -> { });
        await().atMost(WAIT).until(() -> !seen.isEmpty());
        test.resource(policy(40)).update();
        await().atMost(WAIT).until(() -> seen.get(seen.size() - 1).defaults().limits().rpm() == 40);
      }
      used = RbacCheck.programRequests(cluster);
    }

    assertThat(used).extracting(ApiRequest::namespace).containsOnly(Chart.NAMESPACE);
    RbacCheck.assertGrantsExactly(Chart.render(Map.of()), Chart.PREFIX + "gateway", used, Set.of());
  }

  private static ConfigMap policy(int rpm) {
    return new ConfigMapBuilder().withNewMetadata().withName(POLICY).withNamespace(Chart.NAMESPACE).endMetadata()
        .withData(Map.of("policy.yaml", "defaults: {limits: {rpm: " + rpm + "}}\n")).build();
  }
}
