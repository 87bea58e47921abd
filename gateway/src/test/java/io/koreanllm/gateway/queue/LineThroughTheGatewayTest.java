package io.koreanllm.gateway.queue;

import static io.koreanllm.gateway.support.Requests.koreanChat;
import static io.koreanllm.gateway.support.Requests.streamed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.koreanllm.gateway.http.GatewayHeaders;
import io.koreanllm.gateway.support.MutableClock;
import io.koreanllm.gateway.support.Requests;
import io.koreanllm.gateway.support.Simulator;
import io.koreanllm.gateway.support.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;

/**
 * The line in front of a model with a capacity of one, through one gateway: a request that waits longer than its
 * class allows is refused with its own 429 and charged nothing; a client that leaves while waiting is charged
 * nothing and its place goes to the next; the wait is in {@code x-queue-wait-ms}; and for a vLLM started with
 * priority scheduling the user's class reaches the engine as the request's priority.
 */
class LineThroughTheGatewayTest {

  private static final String KEY = "sk-liner-test-key-0001";
  private static final String BATCH_KEY = "sk-batcher-test-key-0001";
  private static final String USERS = """
      defaults:
        limits: {rpm: 0, tpm: 0, tph: 0, tpd: 0, cooldownMinutes: 0}
      users:
        - name: liner
          priority: interactive
          keys: [{key: "%s"}]
        - name: batcher
          priority: batch
          keys: [{key: "%s"}]
      """.formatted(KEY, BATCH_KEY);
  private static final String MODELS = """
      models:
        - name: korean-qwen
          backend: placeholder
          engine: sglang
          tokenizer: qwen3
          contextLength: 8192
          capacity: {requests: 1}
        - name: korean-llama
          backend: placeholder
          engine: vllm
          tokenizer: llama3
          contextLength: 2048
          scheduling: priority
      """;

  private Simulator simulator;
  private TestGateway gateway;

  private void start(String... gatewayArgs) throws Exception {
    Path dir = Files.createTempDirectory("line");
    Files.writeString(dir.resolve("models.yaml"), MODELS);
    simulator = new Simulator("--simulator.scheduling-policy=priority");
    gateway = TestGateway.start(dir, simulator.url(), Files.writeString(dir.resolve("users.yaml"), USERS),
        new MutableClock(Instant.parse("2026-11-22T01:00:00Z")), gatewayArgs);
  }

  @AfterEach
  void stop() {
    gateway.close();
    simulator.close();
  }

  @Test
  void waitingTooLongIsItsOwn429AndChargesNothing() throws Exception {
    start("--koreanllm.queue.interactive-max-wait=1s");
    simulator.settings("{\"token-delay-ms\": 100}");
    List<String> holding = new CopyOnWriteArrayList<>();
    Disposable first = Requests.events(gateway.url(), KEY, streamed(koreanChat("korean-qwen", 40), null))
        .subscribe(holding::add);
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> !holding.isEmpty());
      JsonNode before = Requests.stats(gateway.url(), "liner");
      long backendRequests = simulator.stats().path("requests").asLong();

      EntityExchangeResult<JsonNode> refused = chat(KEY, "korean-qwen");
      assertThat(refused.getStatus().value()).isEqualTo(429);
      assertThat(refused.getResponseBody().path("error").path("code").asString()).isEqualTo("queue_timeout");
      HttpHeaders headers = refused.getResponseHeaders();
      assertThat(headers.getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
      assertThat(headers.getFirst(GatewayHeaders.RETRY_AFTER_MS)).isNotBlank();

      JsonNode after = Requests.stats(gateway.url(), "liner");
      assertThat(after.path("usage")).as("the refused request moved no counter").isEqualTo(before.path("usage"));
      assertThat(after.path("today")).isEqualTo(before.path("today"));
      assertThat(simulator.stats().path("requests").asLong()).isEqualTo(backendRequests);
    } finally {
      first.dispose();
    }
  }

  @Test
  void aClientWhoLeavesWhileWaitingIsChargedNothingAndTheNextGoes() throws Exception {
    start();
    simulator.settings("{\"token-delay-ms\": 50}");
    List<String> holding = new CopyOnWriteArrayList<>();
    Disposable first = Requests.events(gateway.url(), BATCH_KEY, streamed(koreanChat("korean-qwen", 30), null))
        .subscribe(holding::add);
    await().atMost(Duration.ofSeconds(20)).until(() -> !holding.isEmpty());
    JsonNode before = Requests.stats(gateway.url(), "liner");
    Disposable leaving = Requests.events(gateway.url(), KEY, streamed(koreanChat("korean-qwen", 10), null))
        .subscribe();
    await().atMost(Duration.ofSeconds(10)).until(() -> gateway.bean(Queues.class).lines().stream()
        .anyMatch(line -> line.waiting().values().stream().mapToInt(Integer::intValue).sum() == 1));
    leaving.dispose();
    await().atMost(Duration.ofSeconds(10)).until(() -> gateway.bean(Queues.class).lines().stream()
        .allMatch(line -> line.waiting().values().stream().mapToInt(Integer::intValue).sum() == 0));
    JsonNode after = Requests.stats(gateway.url(), "liner");
    assertThat(after.path("today")).isEqualTo(before.path("today"));
    assertThat(after.path("usage")).as("released: no counter moved").isEqualTo(before.path("usage"));

    EntityExchangeResult<JsonNode> next = chat(KEY, "korean-qwen");
    assertThat(next.getStatus().value()).as("it waited for the slot the stream held, then went").isEqualTo(200);
    assertThat(Long.parseLong(next.getResponseHeaders().getFirst(GatewayHeaders.QUEUE_WAIT_MS))).isPositive();
    first.dispose();
  }

  @Test
  void theUsersClassReachesAnEngineThatSchedulesByPriority() throws Exception {
    start();
    assertThat(chat(BATCH_KEY, "korean-llama").getStatus().value()).isEqualTo(200);
    assertThat(simulator.stats().path("lastRequest").path("priority").asInt()).isEqualTo(10);
    assertThat(chat(KEY, "korean-llama").getStatus().value()).isEqualTo(200);
    assertThat(simulator.stats().path("lastRequest").path("priority").asInt()).isZero();
    // A model without priority scheduling gets no priority field (an fcfs vLLM would refuse one).
    EntityExchangeResult<JsonNode> lined = chat(KEY, "korean-qwen");
    assertThat(lined.getStatus().value()).isEqualTo(200);
    assertThat(simulator.stats().path("lastRequest").has("priority")).isFalse();
    // A model with a capacity tells how long its line took; one without has none to wait in.
    assertThat(Long.parseLong(lined.getResponseHeaders().getFirst(GatewayHeaders.QUEUE_WAIT_MS))).isNotNegative();
    assertThat(chat(KEY, "korean-llama").getResponseHeaders().getFirst(GatewayHeaders.QUEUE_WAIT_MS)).isEqualTo("0");
  }

  private EntityExchangeResult<JsonNode> chat(String key, String model) {
    Map<String, Object> body = koreanChat(model, 10);
    return gateway.client().post().uri("/v1/chat/completions").header("Authorization", "Bearer " + key)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectBody(JsonNode.class)
        .returnResult();
  }
}
