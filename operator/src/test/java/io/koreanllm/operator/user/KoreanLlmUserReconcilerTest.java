package io.koreanllm.operator.user;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.koreanllm.operator.MockCluster;
import io.koreanllm.operator.Resources;
import io.koreanllm.operator.TestClock;
import io.koreanllm.operator.api.ApiKeySpec;
import io.koreanllm.operator.api.Conditions;
import io.koreanllm.operator.api.EngineKind;
import io.koreanllm.operator.api.KoreanLlmUser;
import io.koreanllm.operator.api.SecretKeyRef;
import io.koreanllm.operator.api.SharedLimits;
import io.koreanllm.operator.policy.PolicyPublisher;
import io.koreanllm.policy.ApiKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

class KoreanLlmUserReconcilerTest {

  private final TestClock clock = new TestClock();
  private MockCluster cluster;
  private KubernetesClient client;

  @BeforeEach
  void startOperator() {
    cluster = new MockCluster();
    client = cluster.client();
    cluster.startOperator(clock);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void createUpdateAndDelete() {
    KoreanLlmUser created = client.resource(Resources.user("user1", "사용자1", 8000, null)).create();

    KoreanLlmUser ready = awaitReady("user1", "True");
    Secret secret = secret("user1-api-key");
    String key = key(secret);
    assertThat(key).startsWith("sk-");
    assertThat(Base64.getUrlDecoder().decode(key.substring(3))).hasSizeGreaterThanOrEqualTo(32);
    assertThat(secret.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(ref -> assertThat(ref.getUid()).isEqualTo(created.getMetadata().getUid()));
    assertThat(ready.getStatus().apiKeySecret).isEqualTo("user1-api-key");
    assertThat(ready.getStatus().keyId).isEqualTo(ApiKeys.displayId(key));
    assertThat(ready.getStatus().keys).extracting(k -> k.sha256).containsExactly(ApiKeys.sha256Hex(key));
    assertThat(ready.getStatus().observedGeneration).isEqualTo(1L);
    assertThat(condition(ready).getObservedGeneration()).isEqualTo(1L);

    // Unchanged: a new operator reconciles every user again, and writes nothing.
    awaitPolicyContaining(ApiKeys.sha256Hex(key));
    cluster.takeWrites();
    cluster.startOperator(clock);
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
        .until(() -> cluster.takeWrites().isEmpty());

    client.resources(KoreanLlmUser.class).inNamespace(MockCluster.NAMESPACE).withName("user1")
        .edit(u -> {
          u.getSpec().limits.tpm = 100;
          return u;
        });
    KoreanLlmUser updated = await().until(() -> user("user1"), u -> u.getStatus().observedGeneration == 2L);
    assertThat(condition(updated).getStatus()).isEqualTo("True");
    assertThat(condition(updated).getLastTransitionTime()).isEqualTo(condition(ready).getLastTransitionTime());
    assertThat(key(secret("user1-api-key"))).isEqualTo(key);
    awaitPolicyContaining("tpm: 100");

    client.resource(created).delete();
    await().until(() -> !policy().contains(ApiKeys.sha256Hex(key)));
  }

  @Test
  void theKeyIsKeptAcrossRestartsAndReplacedOnlyWhenARotationIsAsked() {
    client.resource(Resources.user("user1", null, 8000, null)).create();
    awaitReady("user1", "True");
    String first = key(secret("user1-api-key"));

    for (int restart = 0; restart < 2; restart++) {
      cluster.stopOperator();
      cluster.startOperator(clock);
      awaitPolicyContaining(ApiKeys.sha256Hex(first));
      assertThat(key(secret("user1-api-key"))).isEqualTo(first);
    }

    rotate("user1", "2026-01-01");
    KoreanLlmUser rotated = await().until(() -> user("user1"), u -> "2026-01-01".equals(u.getStatus().lastRotation));
    String second = key(secret("user1-api-key"));
    assertThat(second).isNotEqualTo(first).startsWith("sk-");
    assertThat(rotated.getStatus().keyId).isEqualTo(ApiKeys.displayId(second));
    assertThat(rotated.getStatus().keys).extracting(k -> k.sha256, k -> k.expiresAt).containsExactly(
        tuple(ApiKeys.sha256Hex(second), null), tuple(ApiKeys.sha256Hex(first), "2026-01-02T00:00:00Z"));
    awaitPolicyContaining(ApiKeys.sha256Hex(second));
    assertThat(policy()).contains(ApiKeys.sha256Hex(first)).doesNotContain(first, second);

    // The same annotation value again is not a new request, not even for a new operator.
    cluster.startOperator(clock);
    rotate("user1", "2026-01-01");
    await().during(Duration.ofSeconds(1)).until(() -> key(secret("user1-api-key")).equals(second));

    clock.advance(Duration.ofHours(25));
    client.resources(KoreanLlmUser.class).inNamespace(MockCluster.NAMESPACE).withName("user1")
        .edit(u -> {
          u.getSpec().description = "after the grace period";
          return u;
        });
    await().until(() -> !policy().contains(ApiKeys.sha256Hex(first)));
    assertThat(policy()).contains(ApiKeys.sha256Hex(second));
    assertThat(user("user1").getStatus().keys).hasSize(1);
  }

  @Test
  void aUserMayBringItsOwnSecret() {
    String own = "sk-brought-by-the-user-0123456789";
    client.secrets().resource(new SecretBuilder().withNewMetadata().withName("bob-key")
        .withNamespace(MockCluster.NAMESPACE).endMetadata()
        .withData(Map.of("token", Base64.getEncoder().encodeToString((own + "\n").getBytes()))).build()).create();
    KoreanLlmUser user = Resources.user("bob", null, 8000, null);
    user.getSpec().apiKey = new ApiKeySpec();
    user.getSpec().apiKey.secretRef = new SecretKeyRef("bob-key", "token");
    client.resource(user).create();

    KoreanLlmUser ready = awaitReady("bob", "True");
    assertThat(ready.getStatus().apiKeySecret).isEqualTo("bob-key");
    assertThat(ready.getStatus().keyId).isEqualTo(ApiKeys.displayId(own));
    assertThat(client.secrets().inNamespace(MockCluster.NAMESPACE).withName("bob-api-key").get()).isNull();
    awaitPolicyContaining(ApiKeys.sha256Hex(own));
  }

  @Test
  void anInvalidSpecIsReportedNotRetried() {
    KoreanLlmUser negative = Resources.user("negative", null, -5, null);
    client.resource(negative).create();
    KoreanLlmUser invalid = awaitReady("negative", "False");
    assertThat(condition(invalid).getReason()).isEqualTo("InvalidSpec");
    assertThat(condition(invalid).getMessage()).contains("tpm");

    client.resource(Resources.user("picky", null, 8000, List.of("korean-qwen"))).create();
    KoreanLlmUser unknown = awaitReady("picky", "False");
    assertThat(condition(unknown).getReason()).isEqualTo("UnknownModel");
    assertThat(condition(unknown).getMessage()).contains("korean-qwen");

    KoreanLlmUser limited = Resources.user("limited", null, 8000, null);
    limited.getSpec().modelLimits = Map.of("korean-qwen", new SharedLimits());
    client.resource(limited).create();
    assertThat(condition(awaitReady("limited", "False")).getReason()).isEqualTo("UnknownModel");

    // A backend serving the model arrives: the users are checked again without being touched.
    var backend = Resources.backend("qwen", EngineKind.SGLANG, "Qwen/Qwen2.5-3B-Instruct", null);
    backend.getSpec().servedModelName = "korean-qwen";
    client.resource(backend).create();
    awaitReady("picky", "True");
    awaitReady("limited", "True");
    awaitPolicyContaining("picky");
    assertThat(policy()).doesNotContain("negative");
  }

  private void rotate(String name, String value) {
    client.resources(KoreanLlmUser.class).inNamespace(MockCluster.NAMESPACE).withName(name)
        .edit(u -> {
          u.getMetadata().getAnnotations().put(KoreanLlmUser.ROTATE_KEY_ANNOTATION, value);
          return u;
        });
  }

  private KoreanLlmUser awaitReady(String name, String status) {
    return await().atMost(Duration.ofSeconds(15)).until(() -> user(name),
        u -> u != null && u.getStatus() != null && Conditions.find(u.getStatus(), Conditions.READY)
            .filter(c -> status.equals(c.getStatus())).isPresent());
  }

  private void awaitPolicyContaining(String text) {
    await().atMost(Duration.ofSeconds(15)).until(() -> policy().contains(text));
  }

  private String policy() {
    ConfigMap map = client.configMaps().inNamespace(MockCluster.POLICY_NAMESPACE).withName("korean-llm-policy").get();
    return map == null ? "" : map.getData().get(PolicyPublisher.DATA_KEY);
  }

  private KoreanLlmUser user(String name) {
    return client.resources(KoreanLlmUser.class).inNamespace(MockCluster.NAMESPACE).withName(name).get();
  }

  private Secret secret(String name) {
    return client.secrets().inNamespace(MockCluster.NAMESPACE).withName(name).get();
  }

  private static String key(Secret secret) {
    return ApiKeySecret.keyIn(secret, ApiKeySecret.DATA_KEY).orElseThrow();
  }

  private static Condition condition(KoreanLlmUser user) {
    return Conditions.find(user.getStatus(), Conditions.READY).orElseThrow();
  }
}
