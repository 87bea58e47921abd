package io.koreanllm.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

class FaultsAndTimingTest extends SimulatorHttpTest {

  private static final Map<String, Object> CHAT = Map.of("model", QWEN,
      "messages", List.of(Map.of("role", "user", "content", "천천히 답해 주세요")));
  private static final Map<String, Object> STREAMED_CHAT = Map.of("model", QWEN, "stream", true,
      "stream_options", Map.of("include_usage", true),
      "messages", List.of(Map.of("role", "user", "content", "천천히 답해 주세요")));

  @Test
  void theFirstStreamedBytesWaitForTheTimeToFirstToken() {
    putSettings(Map.of("ttft-ms", 400));

    Streamed streamed = stream("/v1/chat/completions", STREAMED_CHAT);

    assertThat(streamed.firstBytesAfter()).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    assertThat(streamed.events()).last().isEqualTo("data: [DONE]");
  }

  @Test
  void aWholeAnswerWaitsForTheTimeToFirstToken() {
    putSettings(Map.of("ttft-ms", 300));

    long start = System.nanoTime();
    post("/v1/chat/completions", CHAT, 200);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void tokensArePacedByTheTokenDelayAndFlushedOneByOne() {
    putSettings(Map.of("token-delay-ms", 20));

    long start = System.nanoTime();
    Streamed streamed = stream("/v1/chat/completions", STREAMED_CHAT);

    int tokenChunks = streamed.tokenTexts().size();
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(20L * (tokenChunks - 1)));
    // Nothing is held back: each paced chunk reaches the client on its own.
    assertThat(streamed.reads()).isGreaterThanOrEqualTo(tokenChunks);
  }

  @Test
  void http500AnswersAnOpenAiError() {
    putSettings(Map.of("fault", "http-500"));

    JsonNode error = post("/v1/chat/completions", CHAT, 500);

    assertThat(error.at("/error/type").asString()).isEqualTo("InternalServerError");
    assertThat(error.at("/error/code").asInt()).isEqualTo(500);
    assertThat(error.at("/error/message").asString()).contains("http-500");
    assertThat(stats().get("completed").asLong()).isZero();
  }

  @Test
  void cutStreamClosesTheConnectionAfterNTokenChunks() {
    putSettings(Map.of("fault", "cut-stream", "fault-after-tokens", 3));

    Streamed streamed = stream("/v1/chat/completions", STREAMED_CHAT);

    assertThat(streamed.tokenTexts()).hasSize(3);
    assertThat(streamed.events()).doesNotContain("data: [DONE]");
    assertThat(streamed.chunks()).noneMatch(chunk -> chunk.get("usage").isObject())
        .noneMatch(chunk -> chunk.at("/choices/0/finish_reason").isString());
    assertThat(streamed.failure()).as("the connection ends abruptly").isNotNull();
    assertThat(stats().get("completed").asLong()).isZero();
  }

  @Test
  void noUsageStreamsToTheEndWithoutTheUsageChunk() {
    putSettings(Map.of("fault", "no-usage"));

    Streamed streamed = stream("/v1/chat/completions", STREAMED_CHAT);

    assertThat(streamed.events()).contains("data: [DONE]");
    assertThat(streamed.tokenTexts()).isNotEmpty();
    assertThat(streamed.chunks()).noneMatch(chunk -> chunk.path("usage").isObject());
  }

  @Test
  void overReportClaimsTenTimesTheTokensGenerated() {
    JsonNode honest = post("/v1/chat/completions", CHAT, 200);
    putSettings(Map.of("fault", "over-report"));

    JsonNode inflated = post("/v1/chat/completions", CHAT, 200);

    assertThat(inflated.at("/choices/0/message/content").asString())
        .isEqualTo(honest.at("/choices/0/message/content").asString());
    assertThat(inflated.at("/usage/completion_tokens").asInt())
        .isEqualTo(10 * honest.at("/usage/completion_tokens").asInt());
  }

  @Test
  void hangNeverAnswers() {
    putSettings(Map.of("fault", "hang"));

    assertThatThrownBy(() -> webClient.post().uri("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(json(CHAT)).retrieve().bodyToMono(String.class).block(Duration.ofMillis(500)))
        .hasMessageContaining("Timeout");
    // Giving up closed the connection, which the simulator notices.
    await().atMost(Duration.ofSeconds(5)).until(() -> stats().get("cancelled").asLong() == 1);
    assertThat(stats().get("completed").asLong()).isZero();
  }

  @Test
  void aClientLeavingMidStreamIsCountedAsCancelled() {
    putSettings(Map.of("token-delay-ms", 100));

    List<DataBuffer> firstBuffers = webClient.post().uri("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(json(STREAMED_CHAT)).retrieve().bodyToFlux(DataBuffer.class)
        .take(3)
        .collectList().block(Duration.ofSeconds(10));
    firstBuffers.forEach(DataBufferUtils::release);

    await().atMost(Duration.ofSeconds(5)).until(() -> stats().get("cancelled").asLong() == 1);
    JsonNode stats = stats();
    assertThat(stats.get("requests").asLong()).isEqualTo(1);
    assertThat(stats.get("completed").asLong()).isZero();
  }

  @Test
  void aStreamReadToTheEndIsCompleted() {
    stream("/v1/chat/completions", STREAMED_CHAT);

    JsonNode stats = stats();
    assertThat(stats.get("completed").asLong()).isEqualTo(1);
    assertThat(stats.get("cancelled").asLong()).isZero();
  }
}
