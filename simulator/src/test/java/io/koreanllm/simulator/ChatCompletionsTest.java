package io.koreanllm.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.koreanllm.tokenizer.ModelTokenizer;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class ChatCompletionsTest extends SimulatorHttpTest {

  static Stream<Arguments> conversations() {
    List<List<Map<String, Object>>> conversations = List.of(
        List.of(user("안녕하세요, 오늘 서울 날씨는 어떤가요?")),
        List.of(system("You are a concise assistant."), user("Explain token buckets in two sentences.")),
        List.of(system("당신은 친절한 한국어 도우미입니다."), user("Spring Boot에서 WebFlux를 쓰면 좋은 점은?"),
            assistant("비동기 I/O로 적은 스레드에서 많은 연결을 처리할 수 있습니다."), user("그럼 단점은 뭐예요? 😅")));
    return Stream.of(QWEN, LLAMA).flatMap(model -> conversations.stream().map(messages -> Arguments.of(model, messages)));
  }

  @ParameterizedTest
  @MethodSource("conversations")
  void promptTokensAreCountedThroughTheChatTemplate(String model, List<Map<String, Object>> messages) {
    JsonNode answer = post("/v1/chat/completions", Map.of("model", model, "messages", messages), 200);

    assertThat(answer.at("/usage/prompt_tokens").asInt())
        .isEqualTo(tokenizer(model).countChat(messages, Map.of(), true));
  }

  @ParameterizedTest
  @ValueSource(strings = {QWEN, LLAMA})
  void answerIsKoreanAndCompletionTokensCountItsContent(String model) {
    JsonNode answer = post("/v1/chat/completions", Map.of("model", model, "messages", List.of(user("도와주세요"))), 200);

    String content = answer.at("/choices/0/message/content").asString();
    assertThat(content).containsPattern("\\p{IsHangul}");
    assertThat(answer.at("/choices/0/message/role").asString()).isEqualTo("assistant");
    assertThat(answer.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
    assertThat(answer.at("/usage/completion_tokens").asInt()).isEqualTo(tokenizer(model).countText(content, false));
    assertThat(answer.at("/usage/total_tokens").asInt())
        .isEqualTo(answer.at("/usage/prompt_tokens").asInt() + answer.at("/usage/completion_tokens").asInt());
    assertThat(answer.get("id").asString()).startsWith("chatcmpl-");
    assertThat(answer.get("object").asString()).isEqualTo("chat.completion");
    assertThat(answer.get("model").asString()).isEqualTo(model);
    assertThat(answer.get("created").asLong()).isPositive();
  }

  @Test
  void theSameQuestionGetsTheSameAnswer() {
    Map<String, Object> request = Map.of("model", QWEN, "messages", List.of(user("한국어 토큰 수를 어떻게 세나요?")));

    assertThat(post("/v1/chat/completions", request, 200).at("/choices/0/message/content").asString())
        .isEqualTo(post("/v1/chat/completions", request, 200).at("/choices/0/message/content").asString())
        .contains("한국어 토큰 수를 어떻게 세나요");
  }

  @ParameterizedTest
  @ValueSource(strings = {"max_tokens", "max_completion_tokens"})
  void maxTokensCutsTheAnswerWithFinishReasonLength(String field) {
    JsonNode answer = post("/v1/chat/completions",
        Map.of("model", LLAMA, "messages", List.of(user("긴 답변을 부탁해요")), field, 7), 200);

    String content = answer.at("/choices/0/message/content").asString();
    int completionTokens = answer.at("/usage/completion_tokens").asInt();
    assertThat(answer.at("/choices/0/finish_reason").asString()).isEqualTo("length");
    assertThat(completionTokens).isBetween(1, 7).isEqualTo(tokenizer(LLAMA).countText(content, false));
  }

  @Test
  void textPartsAreJoinedWithNewlinesAsVllmDoes() {
    List<Object> parts = List.of(Map.of("type", "text", "text", "첫 번째 문단입니다."),
        Map.of("type", "text", "text", "Second paragraph."));
    JsonNode answer = post("/v1/chat/completions",
        Map.of("model", QWEN, "messages", List.of(Map.of("role", "user", "content", parts))), 200);

    assertThat(answer.at("/usage/prompt_tokens").asInt()).isEqualTo(
        tokenizer(QWEN).countChat(List.of(user("첫 번째 문단입니다.\nSecond paragraph.")), Map.of(), true));
  }

  @Test
  void toolsAndTemplateKwargsReachTheTemplateAsVllmPassesThem() {
    Map<String, Object> parameters = ordered("type", "object",
        "properties", ordered("city", ordered("type", "string")));
    List<Map<String, Object>> messages = List.of(user("서울 날씨 알려줘"),
        ordered("role", "assistant", "content", null,
            "tool_calls", List.of(ordered("id", "call_1", "type", "function",
                "function", ordered("name", "weather", "arguments", "{\"city\": \"서울\"}")))),
        ordered("role", "tool", "tool_call_id", "call_1", "content", "맑음, 21도"));
    Map<String, Object> request = ordered("model", QWEN, "messages", messages,
        "tools", List.of(ordered("function", ordered("parameters", parameters, "name", "weather"))),
        "chat_template_kwargs", ordered("enable_thinking", false));

    JsonNode answer = post("/v1/chat/completions", request, 200);

    // What vLLM renders: null content as "", arguments parsed into an object, the tool as pydantic dumps it.
    List<Map<String, Object>> rendered = List.of(user("서울 날씨 알려줘"),
        ordered("role", "assistant", "content", "",
            "tool_calls", List.of(ordered("id", "call_1", "type", "function",
                "function", ordered("name", "weather", "arguments", ordered("city", "서울"))))),
        ordered("role", "tool", "content", "맑음, 21도", "tool_call_id", "call_1"));
    Map<String, Object> tool = ordered("type", "function",
        "function", ordered("name", "weather", "description", null, "parameters", parameters));
    Map<String, Object> extra = ordered("tools", List.of(tool), "enable_thinking", false);
    assertThat(answer.at("/usage/prompt_tokens").asInt()).isEqualTo(tokenizer(QWEN).countChat(rendered, extra, true));
  }

  @Test
  void unknownModelIs404InVllmShape() {
    JsonNode error = post("/v1/chat/completions", Map.of("model", "gpt-4o", "messages", List.of(user("hi"))), 404);

    assertThat(error.at("/error/type").asString()).isEqualTo("NotFoundError");
    assertThat(error.at("/error/param").asString()).isEqualTo("model");
    assertThat(error.at("/error/code").asInt()).isEqualTo(404);
    assertThat(error.at("/error/message").asString()).isEqualTo("The model `gpt-4o` does not exist.");
  }

  @Test
  void malformedJsonIs400() {
    JsonNode error = post("/v1/chat/completions", "{\"model\": \"korean-qwen\", \"messages\": [", 400);

    assertThat(error.at("/error/type").asString()).isEqualTo("Bad Request");
    assertThat(error.at("/error/code").asInt()).isEqualTo(400);
  }

  @Test
  void promptPlusMaxTokensBeyondTheContextIs400() {
    ModelTokenizer qwen = tokenizer(QWEN);
    List<Map<String, Object>> messages = List.of(user("안녕하세요"));
    int promptTokens = qwen.countChat(messages, Map.of(), true);
    putSettings(Map.of("max-model-len", promptTokens + 10));

    post("/v1/chat/completions", Map.of("model", QWEN, "messages", messages, "max_tokens", 10), 200);
    JsonNode error = post("/v1/chat/completions", Map.of("model", QWEN, "messages", messages, "max_tokens", 11), 400);

    assertThat(error.at("/error/code").asInt()).isEqualTo(400);
    assertThat(error.at("/error/param").asString()).isEqualTo("max_tokens");
    assertThat(error.at("/error/message").asString()).isEqualTo("'max_tokens' or 'max_completion_tokens' is too "
        + "large: 11. This model's maximum context length is " + (promptTokens + 10) + " tokens and your request has "
        + promptTokens + " input tokens (11 > " + (promptTokens + 10) + " - " + promptTokens + ").");
  }

  @Test
  void streamOptionsWithoutStreamIs400AsInVllm() {
    post("/v1/chat/completions", Map.of("model", QWEN, "messages", List.of(user("hi")),
        "stream_options", Map.of("include_usage", true)), 400);
  }

  static Map<String, Object> user(String content) {
    return Map.of("role", "user", "content", content);
  }

  static Map<String, Object> system(String content) {
    return Map.of("role", "system", "content", content);
  }

  static Map<String, Object> assistant(String content) {
    return Map.of("role", "assistant", "content", content);
  }
}
