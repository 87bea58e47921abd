package io.koreanllm.gateway.queue;

import static io.koreanllm.gateway.support.Requests.koreanChat;
import static io.koreanllm.gateway.support.Requests.streamed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.koreanllm.gateway.support.MutableClock;
import io.koreanllm.gateway.support.Requests;
import io.koreanllm.gateway.support.Simulator;
import io.koreanllm.gateway.support.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A capacity set higher than the engine runs: the model may be sent 6 requests at once, the engine runs 2 and
 * queues the rest in its own first-come queue. Once its {@code /metrics} show that queue at two scrapes in a row,
 * the gateway's line holds new requests itself — in the fair order — instead of sending them into the engine's
 * queue, and lets them go as the engine's queue empties. Every request is answered.
 */
class EngineBacklogThroughTheGatewayTest {

  private static final String KEY = "sk-backlog-test-key-0001";
  private static final String USERS = """
      defaults:
        limits: {rpm: 0, tpm: 0, tph: 0, tpd: 0, cooldownMinutes: 0}
      users:
        - name: backlog
          keys: [{key: "%s"}]
      """.formatted(KEY);
  private static final String MODELS = """
      models:
        - name: korean-qwen
          backend: placeholder
          engine: sglang
          tokenizer: qwen3
          contextLength: 8192
          capacity: {requests: 6}
      """;

  @Test
  void theLineHoldsWhatTheEngineWouldOnlyQueue() throws Exception {
    Path dir = Files.createTempDirectory("engine-backlog");
    Files.writeString(dir.resolve("models.yaml"), MODELS);
    try (Simulator simulator = new Simulator();
        TestGateway gateway = TestGateway.start(dir, simulator.url(),
            Files.writeString(dir.resolve("users.yaml"), USERS), new MutableClock(Instant.now()),
            "--koreanllm.backend-poll-interval=200ms")) {
      // A cold gateway's first request loads the request path; on a busy machine that takes seconds.
      gateway.client().post().uri("/v1/chat/completions").header("Authorization", "Bearer " + KEY)
          .bodyValue(koreanChat("korean-qwen", 4)).exchange().expectStatus().isOk();
      simulator.reset();
      // Each answer streams for about 12 s: long enough that the engine's queue outlasts every check below.
      simulator.settings("{\"engine\": \"sglang\", \"max-running-requests\": 2, \"token-delay-ms\": 200}");
      List<CompletableFuture<List<String>>> streams = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        streams.add(stream(gateway));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> simulator.stats().path("requests").asLong() == 4);
      await().atMost(Duration.ofSeconds(10)).until(() -> line(gateway).path("engine_backlog").asInt() == 2);

      streams.add(stream(gateway));
      streams.add(stream(gateway));
      await().atMost(Duration.ofSeconds(10))
          .until(() -> line(gateway).path("waiting").path("interactive").asInt() == 2);
      assertThat(simulator.stats().path("requests").asLong())
          .as("below the capacity, but the engine already queues: the two new requests wait in the gateway's line")
          .isEqualTo(4);

      for (CompletableFuture<List<String>> answer : streams) {
        assertThat(answer.get(90, java.util.concurrent.TimeUnit.SECONDS)).last().isEqualTo("[DONE]");
      }
      assertThat(simulator.stats().path("requests").asLong()).isEqualTo(6);
      await().atMost(Duration.ofSeconds(5)).until(() -> line(gateway).path("engine_backlog").asInt() == 0);
    }
  }

  private static CompletableFuture<List<String>> stream(TestGateway gateway) {
    return Requests.events(gateway.url(), KEY, streamed(koreanChat("korean-qwen", 60), null)).collectList()
        .toFuture();
  }

  private static JsonNode line(TestGateway gateway) {
    JsonNode lines = gateway.client().get().uri("/admin/queues")
        .header("Authorization", "Bearer " + TestGateway.ADMIN_KEY).exchange().expectStatus().isOk()
        .expectBody(JsonNode.class).returnResult().getResponseBody();
    for (JsonNode line : lines.path("models")) {
      if (line.path("model").asString().equals("korean-qwen")) {
        return line;
      }
    }
    throw new AssertionError("no line for korean-qwen in " + lines);
  }
}
