package io.koreanllm.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class StreamingTest extends SimulatorHttpTest {

  /** Each endpoint and model, with questions that pick different canned answers (emoji and rare syllables included). */
  static Stream<Arguments> requests() {
    return Stream.of(QWEN, LLAMA).flatMap(model -> Stream.of("질문 하나", "질문 둘", "질문 셋", "질문 넷", "Hello!")
        .flatMap(question -> Stream.of(
            Arguments.of("/v1/chat/completions", Map.of("model", model,
                "messages", List.of(Map.of("role", "user", "content", question)))),
            Arguments.of("/v1/completions", Map.of("model", model, "prompt", question, "max_tokens", 300)))));
  }

  @ParameterizedTest
  @MethodSource("requests")
  void streamedDeltasAddUpToTheWholeAnswerOneChunkPerToken(String path, Map<String, Object> request) {
    JsonNode whole = post(path, request, 200);
    Streamed streamed = stream(path, with(request, Map.of("stream", true, "stream_options", Map.of("include_usage", true))));

    String wholeText = text(whole);
    int completionTokens = whole.at("/usage/completion_tokens").asInt();
    assertThat(String.join("", streamed.tokenTexts())).isEqualTo(wholeText);
    // One chunk per token, except where a token ends inside a character and its text waits for the next one.
    assertThat(streamed.tokenTexts()).hasSizeBetween(1, completionTokens).allSatisfy(text -> assertThat(text).isNotEmpty());

    assertThat(streamed.events()).last().isEqualTo("data: [DONE]");
    assertThat(streamed.failure()).isNull();
    List<JsonNode> chunks = streamed.chunks();
    JsonNode usageChunk = chunks.get(chunks.size() - 1);
    assertThat(usageChunk.get("choices")).isEmpty();
    assertThat(usageChunk.get("usage")).isEqualTo(whole.get("usage"));
    JsonNode finishChunk = chunks.get(chunks.size() - 2);
    assertThat(finishChunk.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
    assertThat(chunks.subList(0, chunks.size() - 1))
        .allSatisfy(chunk -> assertThat(chunk.get("usage").isNull()).as("usage: null on %s", chunk).isTrue());
    assertThat(chunks).extracting(chunk -> chunk.get("id").asString()).containsOnly(chunks.get(0).get("id").asString());
    String object = path.contains("chat") ? "chat.completion.chunk" : "text_completion";
    assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.get("object").asString()).isEqualTo(object));
  }

  @Test
  void chatStreamOpensWithTheAssistantRole() {
    Streamed streamed = stream("/v1/chat/completions",
        Map.of("model", QWEN, "stream", true, "messages", List.of(Map.of("role", "user", "content", "안녕"))));

    JsonNode first = streamed.chunks().get(0);
    assertThat(first.at("/choices/0/delta/role").asString()).isEqualTo("assistant");
    assertThat(first.at("/choices/0/delta/content").asString()).isEmpty();
  }

  @Test
  void withoutIncludeUsageThereIsNoUsageAtAll() {
    Streamed streamed = stream("/v1/chat/completions",
        Map.of("model", LLAMA, "stream", true, "messages", List.of(Map.of("role", "user", "content", "안녕"))));

    assertThat(streamed.events()).last().isEqualTo("data: [DONE]");
    assertThat(streamed.chunks()).allSatisfy(chunk -> {
      assertThat(chunk.has("usage")).isFalse();
      assertThat(chunk.get("choices")).hasSize(1);
    });
    assertThat(streamed.chunks().get(streamed.chunks().size() - 1).at("/choices/0/finish_reason").asString())
        .isEqualTo("stop");
  }

  @Test
  void aTruncatedStreamFinishesWithLength() {
    Map<String, Object> request = Map.of("model", QWEN, "max_tokens", 5, "prompt", "스트리밍 테스트");
    JsonNode whole = post("/v1/completions", request, 200);

    Streamed streamed = stream("/v1/completions",
        with(request, Map.of("stream", true, "stream_options", Map.of("include_usage", true))));

    List<JsonNode> chunks = streamed.chunks();
    assertThat(chunks.get(chunks.size() - 2).at("/choices/0/finish_reason").asString()).isEqualTo("length");
    assertThat(chunks.get(chunks.size() - 1).at("/usage/completion_tokens").asInt())
        .isEqualTo(whole.at("/usage/completion_tokens").asInt()).isBetween(1, 5);
    assertThat(String.join("", streamed.tokenTexts())).isEqualTo(whole.at("/choices/0/text").asString());
  }

  private static String text(JsonNode whole) {
    JsonNode choice = whole.at("/choices/0");
    return choice.has("message") ? choice.at("/message/content").asString() : choice.get("text").asString();
  }
}
