package io.koreanllm.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/**
 * The simulator can count chats differently from the gateway on purpose (another chat template, or a default system
 * prompt as Qwen2.5's template adds), and then does so everywhere a real server would: in the generation usage and in
 * vLLM's {@code /tokenize}. The expected counts are computed here from the real tokenizer files, independently.
 */
class CountingParityTest extends SimulatorHttpTest {

  private static final String QWEN25_SYSTEM = "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.";
  /** A plain ChatML template: what Qwen's template writes for a chat without tools or system prompt of its own. */
  private static final String CHATML = "{% for message in messages %}<|im_start|>{{ message['role'] }}\n"
      + "{{ message['content'] }}<|im_end|>\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n"
      + "{% endif %}";

  /** A template no model uses: role, colon, content, one line each. */
  private static final String PLAIN = "{% for message in messages %}{{ message['role'] }}: {{ message['content'] }}\n"
      + "{% endfor %}{% if add_generation_prompt %}assistant:{% endif %}";

  private static final List<Map<String, Object>> CHAT = List.of(
      Map.of("role", "user", "content", "서울에서 부산까지 KTX로 얼마나 걸려요?"),
      Map.of("role", "assistant", "content", "약 2시간 30분 정도 걸립니다."),
      Map.of("role", "user", "content", "그럼 가장 이른 기차는 몇 시예요?"));

  @Test
  void byDefaultTheSimulatorCountsAsTheTokenizerFilesSay() {
    assertThat(promptTokens(QWEN, CHAT)).isEqualTo(tokenizer(QWEN).countChat(CHAT, Map.of(), true))
        .isEqualTo(tokenizeCount(QWEN, CHAT));
  }

  @Test
  void aDefaultSystemPromptIsCountedInEveryChatWithoutOne() {
    putSettings(Map.of("default-system-prompts", Map.of(QWEN, QWEN25_SYSTEM)));
    List<Map<String, Object>> withSystem = new ArrayList<>();
    withSystem.add(Map.of("role", "system", "content", QWEN25_SYSTEM));
    withSystem.addAll(CHAT);
    int expected = tokenizer(QWEN).countChat(withSystem, Map.of(), true);

    assertThat(expected).isGreaterThan(tokenizer(QWEN).countChat(CHAT, Map.of(), true) + 10);
    assertThat(promptTokens(QWEN, CHAT)).isEqualTo(expected);
    assertThat(tokenizeCount(QWEN, CHAT)).isEqualTo(expected);
    // A chat that has its own system prompt keeps it, and the other model is untouched.
    List<Map<String, Object>> ownSystem = List.of(Map.of("role", "system", "content", "간결하게 답하세요."), CHAT.get(0));
    assertThat(promptTokens(QWEN, ownSystem)).isEqualTo(tokenizer(QWEN).countChat(ownSystem, Map.of(), true));
    assertThat(promptTokens(LLAMA, CHAT)).isEqualTo(tokenizer(LLAMA).countChat(CHAT, Map.of(), true));
  }

  @Test
  void anInlineChatTemplateReplacesTheModelsOwn() {
    putSettings(Map.of("chat-templates", Map.of(QWEN, PLAIN)));
    StringBuilder plain = new StringBuilder();
    CHAT.forEach(message -> plain.append(message.get("role")).append(": ").append(message.get("content")).append('\n'));
    String rendered = plain.append("assistant:").toString();

    int expected = tokenizer(QWEN).countText(rendered, false);
    assertThat(expected).isNotEqualTo(tokenizer(QWEN).countChat(CHAT, Map.of(), true));
    assertThat(promptTokens(QWEN, CHAT)).isEqualTo(expected);
    assertThat(tokenizeCount(QWEN, CHAT)).isEqualTo(expected);
    JsonNode tokens = post("/tokenize", Map.of("model", QWEN, "messages", CHAT), 200).get("tokens");
    assertThat(tokens.valueStream().mapToLong(JsonNode::asLong).toArray())
        .containsExactly(tokenizer(QWEN).encode(rendered));
  }

  @Test
  void aChatTemplateFileOrTokenizerConfigReplacesTheModelsOwn(@TempDir Path dir) throws IOException {
    Path template = Files.writeString(dir.resolve("chatml.jinja"), CHATML);
    putSettings(Map.of("chat-templates", Map.of(LLAMA, template.toString()),
        "default-system-prompts", Map.of(LLAMA, "당신은 도우미입니다.")));
    List<Map<String, Object>> withSystem = new ArrayList<>();
    withSystem.add(Map.of("role", "system", "content", "당신은 도우미입니다."));
    withSystem.addAll(CHAT);

    int expected = tokenizer(LLAMA).countText(chatml(withSystem), false);
    assertThat(expected).isNotEqualTo(tokenizer(LLAMA).countChat(withSystem, Map.of(), true));
    assertThat(promptTokens(LLAMA, CHAT)).isEqualTo(expected);

    // Qwen's own tokenizer_config.json as the template of the Llama model: Qwen's layout, Llama's vocabulary.
    Path qwenConfig = Files.writeString(dir.resolve("tokenizer_config.json"),
        JSON.writeValueAsString(Map.of("chat_template", CHATML, "eos_token", "<|im_end|>")));
    putSettings(Map.of("chat-templates", Map.of(LLAMA, qwenConfig.toString()), "default-system-prompts", Map.of()));
    assertThat(promptTokens(LLAMA, CHAT)).isEqualTo(tokenizer(LLAMA).countText(chatml(CHAT), false));
  }

  @Test
  void templatesThatCannotBeLoadedAreRefusedAndChangeNothing() {
    assertThat(send(HttpMethod.PUT, "/sim/settings", Map.of("chat-templates", Map.of(QWEN, "/no/such/template.jinja")),
        400).at("/error/message").asString()).contains("/no/such/template.jinja");
    assertThat(send(HttpMethod.PUT, "/sim/settings", Map.of("chat-templates", Map.of(QWEN, "{% for %}")), 400)
        .at("/error/message").asString()).isNotBlank();
    assertThat(send(HttpMethod.PUT, "/sim/settings", Map.of("default-system-prompts", Map.of("gpt-4o", "hi")), 400)
        .at("/error/message").asString()).contains("gpt-4o", "not a served model");

    assertThat(get("/sim/settings").get("chat-templates").isEmpty()).isTrue();
    assertThat(promptTokens(QWEN, CHAT)).isEqualTo(tokenizer(QWEN).countChat(CHAT, Map.of(), true));
  }

  @Test
  void tokenizeCountsAToolCallingChatAsTheChatEndpointDoes() {
    List<Map<String, Object>> tools = List.of(Map.of("type", "function", "function", Map.of("name", "train_times",
        "description", "KTX 시간표", "parameters", Map.of("type", "object",
            "properties", Map.of("from", Map.of("type", "string"), "to", Map.of("type", "string"))))));

    JsonNode answer = post("/v1/chat/completions", Map.of("model", QWEN, "messages", CHAT, "tools", tools), 200);
    JsonNode tokenized = post("/tokenize", Map.of("model", QWEN, "messages", CHAT, "tools", tools), 200);
    JsonNode withoutTools = post("/tokenize", Map.of("model", QWEN, "messages", CHAT), 200);

    assertThat(tokenized.get("count").asInt()).isEqualTo(answer.at("/usage/prompt_tokens").asInt())
        .isEqualTo(tokenized.get("tokens").size())
        .isGreaterThan(withoutTools.get("count").asInt());
  }

  @Test
  void tokenizeRefusesWhatVllmRefuses() {
    assertThat(post("/tokenize", Map.of("model", QWEN), 400).at("/error/type").asString()).isEqualTo("Bad Request");
    assertThat(post("/tokenize", Map.of("model", "nope", "prompt", "안녕"), 404).at("/error/type").asString())
        .isEqualTo("NotFoundError");
    assertThat(post("/tokenize", Map.of("model", QWEN, "messages", CHAT, "chat_template", CHATML), 400)
        .at("/error/param").asString()).isEqualTo("chat_template");
    assertThat(post("/tokenize", Map.of("model", QWEN, "prompt", 5), 400).at("/error/param").asString())
        .isEqualTo("prompt");
  }

  private static String chatml(List<Map<String, Object>> messages) {
    StringBuilder text = new StringBuilder();
    for (Map<String, Object> message : messages) {
      text.append("<|im_start|>").append(message.get("role")).append('\n').append(message.get("content"))
          .append("<|im_end|>\n");
    }
    return text.append("<|im_start|>assistant\n").toString();
  }

  private static int promptTokens(String model, List<Map<String, Object>> messages) {
    return post("/v1/chat/completions", Map.of("model", model, "max_tokens", 1, "messages", messages), 200)
        .at("/usage/prompt_tokens").asInt();
  }

  private static int tokenizeCount(String model, List<Map<String, Object>> messages) {
    JsonNode answer = post("/tokenize", Map.of("model", model, "messages", messages), 200);
    assertThat(answer.get("tokens").size()).isEqualTo(answer.get("count").asInt());
    return answer.get("count").asInt();
  }
}
