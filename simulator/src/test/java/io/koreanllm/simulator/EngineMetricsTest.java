package io.koreanllm.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * {@code /metrics} reports the engine's real load under vLLM's or SGLang's names: requests running and queued beyond
 * the running limit, the KV cache they fill, tokens processed and the time to first token. Each test serves a model
 * name of its own, so the cumulative counters start at zero.
 */
class EngineMetricsTest extends SimulatorHttpTest {

  @Test
  void vllmNamesCountTheTokensOfEveryAnswer() {
    putSettings(Map.of("models", Map.of("metrics-vllm", "qwen3")));

    JsonNode plain = post("/v1/chat/completions", chat("metrics-vllm", false), 200);
    Streamed streamed = stream("/v1/chat/completions", chat("metrics-vllm", true));
    JsonNode streamedUsage = streamed.chunks().get(streamed.chunks().size() - 1).get("usage");

    String model = "{model_name=\"metrics-vllm\"}";
    // An answer is counted finished, and its slot freed, just after its last byte is sent.
    Map<String, Double> metrics = await().atMost(Duration.ofSeconds(5)).until(EngineMetricsTest::scrape,
        polled -> polled.getOrDefault("vllm:request_success_total" + model, 0.0) == 2
            && polled.getOrDefault("vllm:num_requests_running" + model, -1.0) == 0);
    assertThat(metrics.get("vllm:prompt_tokens_total" + model)).isEqualTo(
        plain.at("/usage/prompt_tokens").asDouble() + streamedUsage.path("prompt_tokens").asDouble());
    assertThat(metrics.get("vllm:generation_tokens_total" + model)).isEqualTo(
        plain.at("/usage/completion_tokens").asDouble() + streamedUsage.path("completion_tokens").asDouble());
    assertThat(metrics.get("vllm:request_success_total" + model)).isEqualTo(2.0);
    assertThat(metrics.get("vllm:time_to_first_token_seconds_count" + model)).isEqualTo(2.0);
    assertThat(metrics.get("vllm:num_requests_running" + model)).isZero();
    assertThat(metrics.get("vllm:num_requests_waiting" + model)).isZero();
    assertThat(metrics.get("vllm:kv_cache_usage_perc" + model)).isZero();
  }

  @Test
  void requestsBeyondTheRunningLimitWaitAndShowAsQueuedUnderSglangNames() {
    putSettings(Map.of("models", Map.of("metrics-sglang", "qwen3"), "engine", "sglang",
        "max-running-requests", 1, "ttft-ms", 1500, "kv-cache-tokens", 1000));

    List<CompletableFuture<JsonNode>> answers = List.of(
        CompletableFuture.supplyAsync(() -> post("/v1/chat/completions", chat("metrics-sglang", false), 200)),
        CompletableFuture.supplyAsync(() -> post("/v1/chat/completions", chat("metrics-sglang", false), 200)));

    String model = "{model_name=\"metrics-sglang\"}";
    await().atMost(Duration.ofSeconds(5)).until(() -> scrape().getOrDefault("sglang:num_queue_reqs" + model, 0.0) == 1);
    Map<String, Double> busy = scrape();
    assertThat(busy.get("sglang:num_running_reqs" + model)).isEqualTo(1.0);
    // One running request holds its prompt and its max_tokens (16) in a cache of 1,000 tokens.
    double promptTokens = answers.get(0).join().at("/usage/prompt_tokens").asDouble();
    assertThat(busy.get("sglang:token_usage" + model)).isEqualTo((promptTokens + 16) / 1000);
    assertThat(busy).doesNotContainKey("vllm:num_requests_running" + model);

    answers.get(1).join();
    Map<String, Double> idle = await().atMost(Duration.ofSeconds(5)).until(EngineMetricsTest::scrape,
        polled -> polled.getOrDefault("sglang:num_requests_total" + model, 0.0) == 2);
    assertThat(idle.get("sglang:num_running_reqs" + model)).isZero();
    assertThat(idle.get("sglang:num_queue_reqs" + model)).isZero();
    assertThat(idle.get("sglang:num_requests_total" + model)).isEqualTo(2.0);
    // The queued request waited for the first one: its first token came after two times to first token.
    assertThat(idle.get("sglang:time_to_first_token_seconds_bucket{le=\"2.5\",model_name=\"metrics-sglang\"}"))
        .isEqualTo(1.0);
    assertThat(idle.get("sglang:time_to_first_token_seconds_bucket{le=\"+Inf\",model_name=\"metrics-sglang\"}"))
        .isEqualTo(2.0);
  }

  private static Map<String, Object> chat(String model, boolean stream) {
    Map<String, Object> body = new HashMap<>(Map.of("model", model, "max_tokens", 16,
        "messages", List.of(Map.of("role", "user", "content", "오늘 서울 날씨 어때요?"))));
    if (stream) {
      body.put("stream", true);
      body.put("stream_options", Map.of("include_usage", true));
    }
    return body;
  }

  /** Sample lines of the text format, keyed by name and labels as written. */
  private static Map<String, Double> scrape() {
    String text = client.get().uri("/metrics").accept(MediaType.TEXT_PLAIN).exchange().expectStatus().isOk()
        .expectBody(String.class).returnResult().getResponseBody();
    Map<String, Double> samples = new HashMap<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        int space = line.lastIndexOf(' ');
        samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      }
    }
    return samples;
  }
}
