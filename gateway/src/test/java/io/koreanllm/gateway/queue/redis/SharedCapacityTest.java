package io.koreanllm.gateway.queue.redis;

import static io.koreanllm.gateway.support.Requests.koreanChat;
import static org.assertj.core.api.Assertions.assertThat;

import io.koreanllm.gateway.support.Burst;
import io.koreanllm.gateway.support.MutableClock;
import io.koreanllm.gateway.support.RedisServers;
import io.koreanllm.gateway.support.Simulator;
import io.koreanllm.gateway.support.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two gateway replicas on one Redis, flooded by one user with eight times a model's capacity at once: the backend —
 * which would take far more — never runs more than the capacity at a time, and runs exactly that many while the
 * flood lasts (no slot idle while requests wait at either replica). Every request is answered.
 */
class SharedCapacityTest {

  private static final int CAPACITY = 8;
  private static final String KEY = "sk-flood-test-key-0001";
  private static final String USERS = """
      defaults:
        limits: {rpm: 0, tpm: 0, tph: 0, tpd: 0, cooldownMinutes: 0}
      users:
        - name: flood
          priority: batch
          keys: [{key: "%s"}]
      """.formatted(KEY);
  private static final String MODELS = """
      models:
        - name: korean-qwen
          backend: placeholder
          engine: sglang
          tokenizer: qwen3
          contextLength: 8192
          capacity: {requests: %d}
      """.formatted(CAPACITY);

  @Test
  void twoReplicasNeverSendTheModelMoreThanItsCapacity() throws Exception {
    List<TestGateway> gateways = new ArrayList<>();
    try (RedisServers redis = RedisServers.standalone();
        Simulator simulator = new Simulator("--simulator.max-running-requests=256",
            "--simulator.token-delay-ms=20")) {
      for (int i = 0; i < 2; i++) {
        Path dir = Files.createTempDirectory("shared-capacity-" + i);
        Files.writeString(dir.resolve("models.yaml"), MODELS);
        gateways.add(TestGateway.start(dir, simulator.url(), Files.writeString(dir.resolve("users.yaml"), USERS),
            new MutableClock(Instant.now()), "--koreanllm.store.type=redis",
            "--spring.data.redis.url=" + redis.url()));
      }
      List<Burst.Answer> answers = Burst.send(gateways.stream().map(TestGateway::url).toList(), KEY,
          koreanChat("korean-qwen", 50), CAPACITY * 8);

      assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(200));
      assertThat(simulator.stats().path("maxRunning").asInt()).as("the most the backend ran at once")
          .isEqualTo(CAPACITY);
    } finally {
      gateways.forEach(TestGateway::close);
    }
  }
}
