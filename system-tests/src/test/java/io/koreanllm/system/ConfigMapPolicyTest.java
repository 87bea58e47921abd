package io.koreanllm.system;

import static io.koreanllm.gateway.support.Requests.koreanChat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.koreanllm.gateway.support.MutableClock;
import io.koreanllm.gateway.support.Simulator;
import io.koreanllm.gateway.support.TestGateway;
import io.koreanllm.operator.MockCluster;
import io.koreanllm.policy.StoredPolicyText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * In a cluster the gateway follows the operator's policy ConfigMap (fabric8 mock API server in CRUD mode): a
 * change is in force within two seconds, and an invalid one leaves the last good policy in force.
 */
class ConfigMapPolicyTest {

  private static final String NAMESPACE = MockCluster.POLICY_NAMESPACE;
  private static final String KEY = "sk-cluster-user-key-0001";

  private static MockCluster cluster;
  private static KubernetesClient client;
  private static Simulator simulator;
  private static TestGateway gateway;

  private static String policy(String simulatorUrl, int rpm, boolean suspended) {
    return """
        defaults:
          limits: {rpm: 30, tpm: 100000, tph: 1000000, tpd: 10000000, cooldownMinutes: 0}
          dailyResetZone: Asia/Seoul
        users:
          - name: alice
            displayName: 앨리스
            limits: {rpm: %d}
            suspended: %s
            keys: [{id: "sk-clust…001", sha256: "%s"}]
        models:
          - name: korean-qwen
            backend: %s
            engine: sglang
            tokenizer: qwen3
            contextLength: 8192
        """.formatted(rpm, suspended, io.koreanllm.policy.ApiKeys.sha256Hex(KEY), simulatorUrl);
  }

  private static void publish(String text) {
    ConfigMap configMap = new ConfigMapBuilder().withNewMetadata().withName("korean-llm-policy")
        .withNamespace(NAMESPACE).endMetadata().withData(Map.of("policy.yaml", text)).build();
    client.configMaps().inNamespace(NAMESPACE).resource(configMap).createOr(existing -> existing.update());
  }

  /** As the operator keeps a policy too large for a ConfigMap as text: gzipped, under the key with {@code .gz}. */
  private static void publishGzipped(String text) {
    ConfigMap configMap = new ConfigMapBuilder().withNewMetadata().withName("korean-llm-policy")
        .withNamespace(NAMESPACE).endMetadata().withBinaryData(Map.of("policy.yaml.gz",
            Base64.getEncoder().encodeToString(StoredPolicyText.gzip(text)))).build();
    client.configMaps().inNamespace(NAMESPACE).resource(configMap).createOr(existing -> existing.update());
  }

  private static boolean aliceLimitedTo(int rpm) {
    return admin().get().uri("/stats/alice").exchange().expectBody(Map.class).returnResult().getResponseBody()
        .get("limits").toString().contains("rpm=" + rpm + ",");
  }

  @BeforeAll
  static void start() throws Exception {
    cluster = new MockCluster(); // the API server only: the operator's ConfigMap is written by hand here
    client = cluster.client();
    simulator = new Simulator();
    publish(policy(simulator.url(), 2, false));
    Path dir = Files.createTempDirectory("cluster-gateway");
    gateway = TestGateway.start(dir, simulator.url(), TestGateway.SHIPPED_USERS, new MutableClock(TestGateway.START),
        java.util.List.of(client), "--koreanllm.policy-source=kubernetes", "--koreanllm.kubernetes.namespace=" + NAMESPACE);
  }

  @AfterAll
  static void stop() {
    gateway.close();
    simulator.close();
    cluster.close();
  }

  private static int chat() {
    return gateway.client().post().uri("/v1/chat/completions").header("Authorization", "Bearer " + KEY)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(koreanChat("korean-qwen", 5)).exchange()
        .returnResult(Void.class).getStatus().value();
  }

  private static WebTestClient admin() {
    return gateway.client().mutate().defaultHeader("Authorization", "Bearer " + TestGateway.ADMIN_KEY).build();
  }

  @Test
  void followsTheConfigMapAndKeepsTheLastGoodPolicy() {
    assertThat(chat()).isEqualTo(200);
    assertThat(chat()).isEqualTo(200);
    assertThat(chat()).as("alice has 2 requests a minute").isEqualTo(429);

    publish(policy(simulator.url(), 5, false));
    await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50)).until(() -> chat() == 200);

    publish("users: [this is not a policy");
    publish(policy(simulator.url(), 5, false).replace("rpm: 5", "rpm: -1"));
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> admin().get()
        .uri("/stats/alice").exchange().expectBody(Map.class).returnResult().getResponseBody()
        .get("limits").toString().contains("rpm=5"));

    publish(policy(simulator.url(), 5, true));
    await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50)).until(() -> chat() == 403);
  }

  @Test
  void readsAPolicyKeptGzippedAndTheTextAgainAfterIt() {
    publishGzipped(policy(simulator.url(), 7, false));
    await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50)).until(() -> aliceLimitedTo(7));

    publish(policy(simulator.url(), 2, false)); // as the other test starts
    await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50)).until(() -> aliceLimitedTo(2));
  }
}
