package io.koreanllm.system;

import static io.koreanllm.gateway.support.Requests.koreanChat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.koreanllm.gateway.support.MutableClock;
import io.koreanllm.gateway.support.Simulator;
import io.koreanllm.gateway.support.TestGateway;
import io.koreanllm.operator.MockCluster;
import io.koreanllm.operator.Resources;
import io.koreanllm.operator.api.EngineKind;
import io.koreanllm.operator.api.KoreanLlmUser;
import io.koreanllm.operator.api.LlmBackend;
import io.koreanllm.operator.user.ApiKeySecret;
import io.koreanllm.operator.user.GatewayUsageSource;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import tools.jackson.databind.JsonNode;

/**
 * A cluster end to end, on the fabric8 mock API server with the real operator in-process: apply a KoreanLlmUser,
 * read its key from the Secret the operator made, and call the model through a gateway that watches the policy
 * ConfigMap; rotate the key and both keys work during the grace period; the user's status shows the usage the
 * gateway's ledger holds; lower the user's tpm and the next over-limit request is refused; suspend the user and
 * it is a 403.
 */
class OperatorEndToEndTest {

  @Test
  void customResourcesInRequestsThrough() throws Exception {
    try (MockCluster cluster = new MockCluster(); Simulator simulator = new Simulator()) {
      KubernetesClient client = cluster.client();
      cluster.startOperator(Clock.systemUTC());
      LlmBackend backend = Resources.backend("korean-qwen", EngineKind.SGLANG, "Qwen/Qwen2.5-3B-Instruct", null);
      backend.getSpec().externalUrl = simulator.url(); // the simulator stands in for the GPU server
      backend.getSpec().tokenizer = "qwen3";
      client.resource(backend).create();
      client.resource(Resources.user("alice", "앨리스", 5000, List.of("korean-qwen"))).create();

      String key = await().atMost(Duration.ofSeconds(20)).until(() -> key(client), k -> k != null);

      try (TestGateway gateway = TestGateway.start(Files.createTempDirectory("cluster"), simulator.url(),
          TestGateway.SHIPPED_USERS, new MutableClock(Instant.now()), List.of(client),
          "--koreanllm.policy-source=kubernetes", "--koreanllm.kubernetes.namespace=" + MockCluster.POLICY_NAMESPACE)) {
        await().atMost(Duration.ofSeconds(20)).until(() -> chat(gateway, key, 100).getStatus().value() == 200);

        // The operator restarts, now reading usage today from this gateway; the key stays as it was.
        cluster.startOperator(Clock.systemUTC(), false,
            new GatewayUsageSource(URI.create(gateway.url()), TestGateway.ADMIN_KEY, Duration.ZERO), config -> { });
        edit(client, user -> {
          Map<String, String> annotations = new java.util.HashMap<>();
          if (user.getMetadata().getAnnotations() != null) {
            annotations.putAll(user.getMetadata().getAnnotations());
          }
          annotations.put("koreanllm.io/rotate-key", "1");
          user.getMetadata().setAnnotations(annotations);
        });
        String rotated = await().atMost(Duration.ofSeconds(20)).until(() -> key(client), k -> !key.equals(k));
        await().atMost(Duration.ofSeconds(20)).until(() -> chat(gateway, rotated, 100).getStatus().value() == 200);
        assertThat(chat(gateway, key, 100).getStatus().value()).as("the old key during its grace period")
            .isEqualTo(200);

        edit(client, user -> user.getSpec().limits.tpm = 60);
        long usedToday = gateway.client().get().uri("/stats/" + MockCluster.NAMESPACE + "/alice")
            .header("Authorization", "Bearer " + TestGateway.ADMIN_KEY).exchange().expectBody(JsonNode.class)
            .returnResult().getResponseBody().path("today").path("total_tokens").asLong();
        assertThat(usedToday).isPositive();
        await().atMost(Duration.ofSeconds(20)).until(() -> client.resources(KoreanLlmUser.class)
            .inNamespace(MockCluster.NAMESPACE).withName("alice").get().getStatus().usageToday,
            used -> used != null && used == usedToday);
        EntityExchangeResult<JsonNode> refused = await().atMost(Duration.ofSeconds(20))
            .until(() -> chat(gateway, key, 100), result -> result.getStatus().value() == 429);
        assertThat(refused.getResponseBody().path("error").path("code").asString()).isEqualTo("tpm_exceeded");

        edit(client, user -> user.getSpec().suspended = true);
        EntityExchangeResult<JsonNode> suspended = await().atMost(Duration.ofSeconds(20))
            .until(() -> chat(gateway, key, 5), result -> result.getStatus().value() == 403);
        assertThat(suspended.getResponseBody().path("error").path("code").asString()).isEqualTo("user_suspended");
      }
    }
  }

  private static String key(KubernetesClient client) {
    Secret secret = client.secrets().inNamespace(MockCluster.NAMESPACE).withName("alice-api-key").get();
    return secret == null ? null
        : new String(Base64.getDecoder().decode(secret.getData().get(ApiKeySecret.DATA_KEY)), StandardCharsets.UTF_8);
  }

  /** Edits the user as kubectl would, trying again when the operator's status write got in first (409). */
  private static void edit(KubernetesClient client, java.util.function.Consumer<KoreanLlmUser> change) {
    await().atMost(Duration.ofSeconds(10)).ignoreExceptionsInstanceOf(KubernetesClientException.class).until(() -> {
      client.resources(KoreanLlmUser.class).inNamespace(MockCluster.NAMESPACE).withName("alice").edit(user -> {
        change.accept(user);
        return user;
      });
      return true;
    });
  }

  private static EntityExchangeResult<JsonNode> chat(TestGateway gateway, String key, int maxTokens) {
    Map<String, Object> body = koreanChat("korean-qwen", maxTokens);
    return gateway.client().post().uri("/v1/chat/completions").header("Authorization", "Bearer " + key)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectBody(JsonNode.class)
        .returnResult();
  }
}
