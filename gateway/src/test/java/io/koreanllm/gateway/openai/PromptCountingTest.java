package io.koreanllm.gateway.openai;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.koreanllm.chattemplate.ChatTemplate;
import io.koreanllm.gateway.http.GatewayHeaders;
import io.koreanllm.gateway.support.GatewayStack;
import io.koreanllm.tokenizer.TokenizerFiles;
import io.koreanllm.tokenizer.TokenizerResolver;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's prompt count for a chat request equals the simulator's {@code usage.prompt_tokens} and the
 * tokenizer's own count of the rendered template (DJL on the real tokenizer.json, independent of the gateway's
 * counting path), for Korean, English and mixed conversations and both tokenizers.
 */
class PromptCountingTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @RegisterExtension
  static final GatewayStack STACK = GatewayStack.withShippedUsers();

  static Stream<Arguments> conversations() {
    List<Map<String, Object>> korean = List.of(
        Map.of("role", "system", "content", "당신은 친근한 한국어 AI 어시스턴트입니다."),
        Map.of("role", "user", "content", "안녕하세요! 한국어로 간단한 인사를 해주세요."));
    List<Map<String, Object>> english = List.of(
        Map.of("role", "user", "content", "Explain rate limiting in two sentences, please."));
    List<Map<String, Object>> mixed = List.of(
        Map.of("role", "system", "content", "You answer in 한국어 only."),
        Map.of("role", "user", "content", "RTX 4060 8GB에서 Qwen2.5-3B를 SGLang으로 serving하려면?"),
        Map.of("role", "assistant", "content", "mem-fraction-static을 0.75로 두세요. 🙂"),
        Map.of("role", "user", "content", "  그리고 vLLM은요?\n\n  max-model-len 2048?  "));
    List<Map<String, Object>> parts = List.of(Map.of("role", "user", "content", List.of(
        Map.of("type", "text", "text", "첫 번째 부분"), Map.of("type", "text", "text", "second part"))));
    return Stream.of("korean-qwen", "korean-llama").flatMap(model -> Stream.of(
        Arguments.of(model, "korean", korean), Arguments.of(model, "english", english),
        Arguments.of(model, "mixed", mixed), Arguments.of(model, "text parts", parts)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("conversations")
  void gatewaySimulatorAndTokenizerAgree(String model, String name, List<Map<String, Object>> messages)
      throws Exception {
    Map<String, Object> request = Map.of("model", model, "messages", messages, "max_tokens", 20);
    EntityExchangeResult<JsonNode> result = STACK.gateway().client().post().uri("/v1/chat/completions")
        .header("Authorization", "Bearer sk-dev1-korean-key-789")
        .contentType(MediaType.APPLICATION_JSON).bodyValue(request)
        .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult();

    int gatewayCount = Integer.parseInt(result.getResponseHeaders().getFirst(GatewayHeaders.PROMPT_TOKENS));
    int simulatorCount = result.getResponseBody().path("usage").path("prompt_tokens").asInt();
    int tokenizerCount = independentCount(model.equals("korean-qwen") ? "qwen3" : "llama3", messages);

    assertThat(gatewayCount).isEqualTo(simulatorCount).isEqualTo(tokenizerCount).isPositive();
  }

  /** Renders the template and encodes it with a fresh DJL tokenizer, as a model server would. */
  private static int independentCount(String tokenizer, List<Map<String, Object>> messages) throws Exception {
    TokenizerFiles files = TokenizerResolver.fromEnvironment().resolve(tokenizer);
    JsonNode config = JSON.readTree(Files.readString(files.tokenizerConfigJson()));
    Map<String, Object> context = new HashMap<>();
    context.put("messages", messages.stream().map(PromptCountingTest::joinParts).toList());
    context.put("add_generation_prompt", true);
    context.put("bos_token", config.path("bos_token").asString(""));
    context.put("eos_token", config.path("eos_token").asString(""));
    String prompt = ChatTemplate.compile(config.path("chat_template").asString()).render(context);
    try (HuggingFaceTokenizer djl = HuggingFaceTokenizer.builder().optTokenizerPath(files.tokenizerJson())
        .optAddSpecialTokens(false).optTruncation(false).build()) {
      return djl.encode(prompt, false, false).getIds().length;
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> joinParts(Map<String, Object> message) {
    if (!(message.get("content") instanceof List<?> parts)) {
      return message;
    }
    Map<String, Object> joined = new HashMap<>(message);
    joined.put("content", String.join("\n",
        parts.stream().map(part -> (String) ((Map<String, Object>) part).get("text")).toList()));
    return joined;
  }
}
