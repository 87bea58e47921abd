package io.koreanllm.operator.policy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.koreanllm.operator.MockCluster;
import io.koreanllm.operator.Resources;
import io.koreanllm.operator.TestClock;
import io.koreanllm.operator.api.EngineKind;
import io.koreanllm.operator.api.KoreanLlmUser;
import io.koreanllm.operator.api.LlmBackend;
import io.koreanllm.policy.ApiKeys;
import io.koreanllm.policy.Capacity;
import io.koreanllm.policy.Defaults;
import io.koreanllm.policy.Engine;
import io.koreanllm.policy.ModelRoute;
import io.koreanllm.policy.Policy;
import io.koreanllm.policy.PolicyReader;
import io.koreanllm.policy.StoredPolicyText;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The gateway's policy ConfigMap, compiled from all users and backends. */
class PolicyPublisherTest {

  private static final List<String> USERS = List.of("user1", "user2", "user3");
  private static MockCluster cluster;
  private static KubernetesClient client;

  @BeforeAll
  static void applyUsersAndBackends() {
    cluster = new MockCluster();
    client = cluster.client();
    cluster.startOperator(new TestClock());
    for (String name : USERS) {
      client.resource(Resources.user(name, "사용자 " + name, 8000, List.of("korean-qwen", "ggachi"))).create();
    }
    LlmBackend qwen = Resources.backend("qwen", EngineKind.SGLANG, "Qwen/Qwen2.5-3B-Instruct", "rtx4060-8gb");
    qwen.getSpec().servedModelName = "korean-qwen";
    client.resource(qwen).create();
    LlmBackend ggachi = Resources.backend("ggachi", EngineKind.VLLM,
        "torchtorchkimtorch/Llama-3.2-Korean-GGACHI-1B-Instruct-v1", "rtx4060-8gb");
    ggachi.getSpec().tokenizer = "llama3_1";
    client.resource(ggachi).create();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void holdsEveryUsersKeyHashAndEveryBackendsRouteAndNoKey() {
    List<String> keys = USERS.stream().map(PolicyPublisherTest::awaitKey).toList();
    Policy policy = await().atMost(Duration.ofSeconds(15)).until(PolicyPublisherTest::policy,
        p -> p != null && p.users().stream().allMatch(u -> !u.keys().isEmpty()) && p.users().size() == 3
            && p.models().size() == 2);

    for (int i = 0; i < USERS.size(); i++) {
      assertThat(policy.userByKeyHash(ApiKeys.sha256Hex(keys.get(i)))).get()
          .satisfies(user -> assertThat(user.displayName()).startsWith("사용자"));
      assertThat(text()).doesNotContain(keys.get(i));
    }
    assertThat(policy.user("llm/user1").orElseThrow().models()).containsExactly("ggachi", "korean-qwen");
    assertThat(policy.models()).containsExactly(
        new ModelRoute("ggachi", "http://ggachi.llm.svc:8000", Engine.VLLM, "llama3_1", 2048),
        // The profile's --max-running-requests 16 is the model's capacity in the gateway's fair queue.
        new ModelRoute("korean-qwen", "http://qwen.llm.svc:8000", Engine.SGLANG, "Qwen/Qwen2.5-3B-Instruct", 8192,
            null, new Capacity(16, 0), null));
  }

  @Test
  void isRewrittenOnlyWhenItChanges() {
    USERS.forEach(PolicyPublisherTest::awaitKey);
    await().atMost(Duration.ofSeconds(15)).until(() -> policy() != null && policy().users().size() == 3
        && policy().users().stream().allMatch(u -> !u.keys().isEmpty()) && policy().models().size() == 2);
    String before = text();

    // A new operator compiles the same policy from the same resources: byte for byte, so nothing is written.
    cluster.takeWrites();
    cluster.startOperator(new TestClock());
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
        .until(() -> cluster.takeWrites().stream().noneMatch(write -> write.contains("/configmaps")));
    assertThat(text()).isEqualTo(before);

    client.resources(KoreanLlmUser.class).inNamespace(MockCluster.NAMESPACE).withName("user2").edit(u -> {
      u.getSpec().suspended = true;
      return u;
    });
    await().atMost(Duration.ofSeconds(15)).until(() -> policy().user("llm/user2").orElseThrow().suspended());
    assertThat(cluster.takeWrites()).filteredOn(write -> write.contains("/configmaps")).hasSize(1);

    // Edited by someone else: put back.
    client.configMaps().inNamespace(MockCluster.POLICY_NAMESPACE).withName("korean-llm-policy")
        .edit(map -> {
          map.getData().put("policy.yaml", "users: []\n");
          return map;
        });
    await().atMost(Duration.ofSeconds(15)).until(() -> text().contains("user2"));
  }

  /**
   * A policy above the most a ConfigMap holds (lowered here from 1 MB, as for thousands of users) is kept gzipped,
   * in place of the text an earlier, smaller policy left; when it grows too large even gzipped it is not written,
   * the ConfigMap keeps the last policy and the gauge the alert watches falls to 0.
   */
  @Test
  void aPolicyTooLargeForAConfigMapIsKeptGzippedAndOneTooLargeEvenSoIsNotWritten() {
    USERS.forEach(PolicyPublisherTest::awaitKey);
    Policy expected = await().atMost(Duration.ofSeconds(15)).until(PolicyPublisherTest::policy,
        p -> p != null && p.users().size() == 3 && p.users().stream().allMatch(u -> !u.keys().isEmpty()));
    String text = text();
    int gzipped = StoredPolicyText.gzip(text).length;
    int max = gzipped + 16; // the text does not fit, the gzipped text does, a longer description will not
    assertThat(text.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(max);
    client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("large-policy")
        .withNamespace(MockCluster.POLICY_NAMESPACE).endMetadata().addToData(PolicyPublisher.DATA_KEY, "users: []\n")
        .build()).create();
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    try (PolicyPublisher large = publisher("large-policy", max, metrics)) {
      large.start();
      ConfigMap map = await().atMost(Duration.ofSeconds(15)).until(() -> configMap("large-policy"),
          m -> m.getBinaryData() != null && m.getBinaryData().containsKey(PolicyPublisher.GZIP_KEY));
      assertThat(map.getData()).doesNotContainKey(PolicyPublisher.DATA_KEY);
      assertThat(storedText(map)).isEqualTo(text);
      assertThat(new PolicyReader().readString(storedText(map), "gzipped")).isEqualTo(expected);
      assertThat(metrics.get("koreanllm.policy.published").gauge().value()).isEqualTo(1);
      assertThat(metrics.get("koreanllm.policy.stored").gauge().value()).isEqualTo(gzipped);

      describeUser3(ApiKeys.sha256Hex("a") + ApiKeys.sha256Hex("b") + ApiKeys.sha256Hex("c")); // ~100 bytes gzipped
      await().atMost(Duration.ofSeconds(15))
          .until(() -> metrics.get("koreanllm.policy.published").gauge().value() == 0);
      assertThat(storedText(configMap("large-policy"))).isEqualTo(text);
    } finally {
      describeUser3(null);
      await().atMost(Duration.ofSeconds(15)).until(() -> text().equals(text));
    }
  }

  private static void describeUser3(String description) {
    client.resources(KoreanLlmUser.class).inNamespace(MockCluster.NAMESPACE).withName("user3").edit(u -> {
      u.getSpec().description = description;
      return u;
    });
  }

  private static String storedText(ConfigMap map) {
    return StoredPolicyText.gunzip(Base64.getDecoder().decode(map.getBinaryData().get(PolicyPublisher.GZIP_KEY)));
  }

  private static PolicyPublisher publisher(String name, int maxBytes, SimpleMeterRegistry metrics) {
    return new PolicyPublisher(client, new PolicyCompiler(Defaults.BUILT_IN, new TestClock()),
        MockCluster.POLICY_NAMESPACE, name, new UserQuotaGauges(metrics), new PolicyGauges(metrics), maxBytes);
  }

  private static ConfigMap configMap(String name) {
    return client.configMaps().inNamespace(MockCluster.POLICY_NAMESPACE).withName(name).get();
  }

  private static String awaitKey(String user) {
    Secret secret = await().atMost(Duration.ofSeconds(15)).until(
        () -> client.secrets().inNamespace(MockCluster.NAMESPACE).withName(user + "-api-key").get(), s -> s != null);
    return new String(Base64.getDecoder().decode(secret.getData().get("api-key")), StandardCharsets.UTF_8);
  }

  private static String text() {
    ConfigMap map = client.configMaps().inNamespace(MockCluster.POLICY_NAMESPACE).withName("korean-llm-policy").get();
    return map == null ? null : map.getData().get(PolicyPublisher.DATA_KEY);
  }

  private static Policy policy() {
    String text = text();
    return text == null ? null : new PolicyReader().readString(text, "policy ConfigMap");
  }
}
