package io.koreanllm.gateway.observe;

import static io.koreanllm.gateway.support.Requests.TEST_KEY;
import static io.koreanllm.gateway.support.Requests.USER1_KEY;
import static io.koreanllm.gateway.support.Requests.koreanChat;
import static io.koreanllm.gateway.support.Requests.streamed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.koreanllm.gateway.support.GatewayStack;
import io.koreanllm.gateway.support.Requests;
import io.koreanllm.gateway.support.Scrape;
import io.koreanllm.gateway.support.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * After real traffic through the gateway, {@code /actuator/prometheus} has the documented series
 * (docs/operations.md) with the values the traffic implies: tokens as charged, requests by outcome, refusals by
 * reason, and one latency sample per step.
 */
class PrometheusMetricsTest {

  @RegisterExtension
  static final GatewayStack STACK = GatewayStack.withEditableUsers("--koreanllm.backend-poll-interval=300ms")
      .withModels("""
          models:
            - name: korean-qwen
              backend: placeholder
              engine: sglang
              tokenizer: qwen3
              contextLength: 8192
              capacity: {requests: 4}
            - name: korean-llama
              backend: placeholder
              engine: vllm
              tokenizer: llama3
              contextLength: 2048
          """);

  private static final String MODEL = "korean-qwen";

  @Test
  void theDocumentedSeriesCountTheTraffic() throws Exception {
    // The 'test' user may send two requests a minute; its third is refused.
    Files.writeString(STACK.usersFile(), Files.readString(STACK.usersFile())
        .replace("limits: {rpm: 20, tpm: 3000, tpd: 500000}", "limits: {rpm: 2, tpm: 3000, tpd: 500000}"));
    as(TestGateway.ADMIN_KEY).post().uri("/admin/reload-config").exchange().expectStatus().isOk();
    STACK.simulator().settings("{\"ttft-ms\": 40}");

    List<JsonNode> usages = new ArrayList<>();
    usages.add(chat(USER1_KEY, 200).path("usage"));
    usages.add(chat(USER1_KEY, 200).path("usage"));
    List<String> events = Requests.events(STACK.gateway().url(), USER1_KEY, streamed(koreanChat(MODEL, 20), true))
        .collectList().block(Duration.ofSeconds(30));
    usages.add(JsonMapper.builder().build().readTree(events.get(events.size() - 2)).path("usage"));
    chat(TEST_KEY, 200);
    chat(TEST_KEY, 200);
    chat(TEST_KEY, 429);
    chat("sk-not-a-key", 401);

    long prompt = usages.stream().mapToLong(usage -> usage.path("prompt_tokens").asLong()).sum();
    long completion = usages.stream().mapToLong(usage -> usage.path("completion_tokens").asLong()).sum();
    assertThat(prompt).isPositive();
    assertThat(completion).isPositive();

    // The backend's gauges: a poll (every 300 ms) after the traffic sees the backend idle again, with a rate taken.
    Scrape scrape = await().atMost(Duration.ofSeconds(10)).until(PrometheusMetricsTest::scrape, polled ->
        polled.value("koreanllm_backend_generation_tokens_per_second", Map.of("model", MODEL)).isPresent()
            && polled.value("koreanllm_backend_requests_running", Map.of("model", MODEL)).orElse(-1) == 0);

    assertThat(value(scrape, "koreanllm_tokens_total", "user", "user1", "model", MODEL, "kind", "prompt"))
        .isEqualTo(prompt);
    assertThat(value(scrape, "koreanllm_tokens_total", "user", "user1", "model", MODEL, "kind", "completion"))
        .isEqualTo(completion);
    assertThat(value(scrape, "koreanllm_requests_total", "user", "user1", "model", MODEL, "outcome", "completed"))
        .isEqualTo(3);
    assertThat(value(scrape, "koreanllm_requests_total", "user", "test", "model", MODEL, "outcome", "completed"))
        .isEqualTo(2);
    assertThat(value(scrape, "koreanllm_requests_total", "user", "test", "model", MODEL, "outcome", "refused"))
        .isEqualTo(1);
    assertThat(value(scrape, "koreanllm_refusals_total", "user", "test", "model", MODEL, "reason", "rpm_exceeded"))
        .isEqualTo(1);
    assertThat(value(scrape, "koreanllm_refusals_total", "user", "unknown", "reason", "invalid_api_key"))
        .isEqualTo(1);

    // Every request with a readable body was counted and decided; the five admitted ones went upstream.
    assertThat(value(scrape, "koreanllm_tokenization_seconds_count", "model", MODEL)).isEqualTo(6);
    assertThat(value(scrape, "koreanllm_admission_seconds_count", "model", MODEL)).isEqualTo(6);
    assertThat(value(scrape, "koreanllm_upstream_seconds_count", "model", MODEL)).isEqualTo(5);
    // One stream, whose first token came after the simulator's 40 ms.
    assertThat(value(scrape, "koreanllm_time_to_first_token_seconds_count", "model", MODEL)).isEqualTo(1);
    assertThat(value(scrape, "koreanllm_time_to_first_token_seconds_sum", "model", MODEL)).isGreaterThan(0.04);
    assertThat(value(scrape, "koreanllm_upstream_seconds_sum", "model", MODEL)).isGreaterThan(5 * 0.04);
    // korean-qwen has a capacity: its line dispatched the five admitted requests, the first wait shorter than all.
    assertThat(value(scrape, "koreanllm_queue_wait_seconds_count", "model", MODEL, "class", "interactive"))
        .isEqualTo(5);
    assertThat(value(scrape, "koreanllm_queue_dispatched_tokens_total", "model", MODEL, "user", "user1"))
        .isPositive();
    assertThat(value(scrape, "koreanllm_queue_waiting", "model", MODEL, "class", "batch")).isZero();

    // The backend view: up, nothing queued.
    assertThat(value(scrape, "koreanllm_backend_up", "model", MODEL)).isEqualTo(1);
    assertThat(value(scrape, "koreanllm_backend_requests_waiting", "model", MODEL)).isZero();

    assertThat(scrape.text()).doesNotContain(USER1_KEY).doesNotContain(TEST_KEY).doesNotContain("sk-not-a-key");

    // Every metric docs/operations.md documents, and every series the chart's Grafana dashboard queries, exists.
    Set<String> served = scrape.samples().stream().map(sample -> sample.name()).collect(Collectors.toSet());
    // Spring's per-request observations stay off (docs/operations.md says how to turn them on).
    assertThat(served).noneMatch(name -> name.startsWith("http_server_requests") || name.startsWith("spring_security"));
    assertThat(metricNames(Files.readString(Path.of("../docs/operations.md")))).hasSizeGreaterThanOrEqualTo(12)
        .allSatisfy(name -> assertThat(served).as("documented metric %s", name)
            .containsAnyOf(name, name + "_count"));
    assertThat(metricNames(Files.readString(
        Path.of("../helm/korean-llm-limiter/dashboards/korean-llm-limiter.json")))).isNotEmpty()
        .allSatisfy(name -> assertThat(served).as("series %s in the Grafana dashboard", name).contains(name));
  }

  @Test
  void aModelNameThePolicyDoesNotHaveNeverBecomesALabel() {
    for (int i = 0; i < 20; i++) {
      as(USER1_KEY).post().uri("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON)
          .bodyValue(koreanChat("no-such-model-" + i, 20)).exchange().expectStatus().isNotFound();
    }

    Scrape scrape = scrape();
    assertThat(scrape.text()).doesNotContain("no-such-model-");
    assertThat(value(scrape, "koreanllm_refusals_total", "user", "user1", "model", "unknown", "reason",
        "model_not_found")).isEqualTo(20);
  }

  private static Set<String> metricNames(String text) {
    return Pattern.compile("koreanllm_[a-z_]+").matcher(text).results().map(match -> match.group())
        .collect(Collectors.toSet());
  }

  private static double value(Scrape scrape, String name, String... labels) {
    Map<String, String> wanted = new java.util.HashMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      wanted.put(labels[i], labels[i + 1]);
    }
    return scrape.value(name, wanted).orElseThrow(() -> new AssertionError("no series " + name + wanted));
  }

  private static Scrape scrape() {
    return Scrape.of(STACK.gateway().client().get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
        .expectBody(String.class).returnResult().getResponseBody());
  }

  private static JsonNode chat(String key, int status) {
    return as(key).post().uri("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(koreanChat(MODEL, 20)).exchange().expectStatus().isEqualTo(status).expectBody(JsonNode.class)
        .returnResult().getResponseBody();
  }

  private static WebTestClient as(String key) {
    return STACK.gateway().client().mutate().defaultHeader("Authorization", "Bearer " + key).build();
  }
}
