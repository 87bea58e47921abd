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

class CompletionsTest extends SimulatorHttpTest {

  static Stream<Arguments> prompts() {
    List<String> prompts = List.of("대한민국의 수도는", "The capital of Korea is", "Kubernetes 클러스터에서 GPU 노드를 고르는 방법:");
    return Stream.of(QWEN, LLAMA).flatMap(model -> prompts.stream().map(prompt -> Arguments.of(model, prompt)));
  }

  @ParameterizedTest
  @MethodSource("prompts")
  void promptTokensIncludeTheSpecialTokensTheTokenizerAdds(String model, String prompt) {
    JsonNode answer = post("/v1/completions", Map.of("model", model, "prompt", prompt, "max_tokens", 300), 200);

    assertThat(answer.at("/usage/prompt_tokens").asInt()).isEqualTo(tokenizer(model).countText(prompt, true));
    String text = answer.at("/choices/0/text").asString();
    assertThat(answer.at("/usage/completion_tokens").asInt()).isEqualTo(tokenizer(model).countText(text, false));
    assertThat(answer.get("object").asString()).isEqualTo("text_completion");
    assertThat(answer.get("id").asString()).startsWith("cmpl-");
    assertThat(answer.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
  }

  @Test
  void llamaCountsItsBeginOfTextToken() {
    String prompt = "안녕하세요";

    JsonNode answer = post("/v1/completions", Map.of("model", LLAMA, "prompt", prompt), 200);

    assertThat(answer.at("/usage/prompt_tokens").asInt()).isEqualTo(tokenizer(LLAMA).countText(prompt, false) + 1);
  }

  @Test
  void aListOfOnePromptIsThatPrompt() {
    JsonNode answer = post("/v1/completions", Map.of("model", QWEN, "prompt", List.of("서울의 봄은"), "max_tokens", 3), 200);

    assertThat(answer.at("/usage/prompt_tokens").asInt()).isEqualTo(tokenizer(QWEN).countText("서울의 봄은", true));
    assertThat(answer.at("/usage/completion_tokens").asInt()).isBetween(1, 3);
    assertThat(answer.at("/choices/0/finish_reason").asString()).isEqualTo("length");
  }

  @Test
  void severalPromptsAreRefused() {
    JsonNode error = post("/v1/completions", Map.of("model", QWEN, "prompt", List.of("하나", "둘")), 400);

    assertThat(error.at("/error/param").asString()).isEqualTo("prompt");
  }

  @Test
  void unknownModelIs404() {
    assertThat(post("/v1/completions", Map.of("model", "nope", "prompt", "hi"), 404).at("/error/type").asString())
        .isEqualTo("NotFoundError");
  }
}
