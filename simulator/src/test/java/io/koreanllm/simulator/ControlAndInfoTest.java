package io.koreanllm.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

class ControlAndInfoTest extends SimulatorHttpTest {

  @Test
  void healthIs200WithAnEmptyBody() {
    client.get().uri("/health").exchange().expectStatus().isOk().expectBody().isEmpty();
  }

  @Test
  void modelsListsTheServedModels() {
    JsonNode models = get("/v1/models");

    assertThat(models.get("object").asString()).isEqualTo("list");
    assertThat(models.get("data")).extracting(model -> model.get("id").asString()).containsExactly(QWEN, LLAMA);
    assertThat(models.get("data")).allSatisfy(model -> {
      assertThat(model.get("object").asString()).isEqualTo("model");
      assertThat(model.get("owned_by").asString()).isEqualTo("vllm");
      assertThat(model.get("max_model_len").asInt()).isEqualTo(4096);
      assertThat(model.get("parent").isNull()).isTrue();
      assertThat(model.get("created").asLong()).isPositive();
      assertThat(model.at("/permission/0/object").asString()).isEqualTo("model_permission");
      assertThat(model.at("/permission/0/id").asString()).startsWith("modelperm-");
      assertThat(model.at("/permission/0/allow_sampling").asBoolean()).isTrue();
    });
    // vLLM's root is the model it loaded; here, the tokenizer standing in for it.
    assertThat(models.get("data")).extracting(model -> model.get("root").asString()).containsExactly("qwen3", "llama3");
  }

  @Test
  void modelsFollowTheContextLengthAndTheEngineImitated() {
    putSettings(Map.of("max-model-len", 2048, "engine", "sglang"));

    assertThat(get("/v1/models").get("data")).allSatisfy(model -> {
      assertThat(model.get("max_model_len").asInt()).isEqualTo(2048);
      assertThat(model.get("owned_by").asString()).isEqualTo("sglang");
    });
  }

  @Test
  void tokenizeCountsARawPromptLikeCompletionsWithTheSpecialTokensInItsTokens() {
    String prompt = "한국어 토큰을 정확하게 셉니다.";
    long[] promptIds = tokenizer(LLAMA).encode(prompt);

    JsonNode answer = post("/tokenize", Map.of("model", LLAMA, "prompt", prompt), 200);
    JsonNode plain = post("/tokenize", Map.of("model", LLAMA, "prompt", prompt, "add_special_tokens", false), 200);

    long[] tokens = answer.get("tokens").valueStream().mapToLong(JsonNode::asLong).toArray();
    // Llama 3 puts <|begin_of_text|> (128000) in front of a raw prompt, as vLLM's /tokenize shows.
    assertThat(tokens).startsWith(128000L).endsWith(promptIds).hasSize(promptIds.length + 1);
    assertThat(answer.get("count").asInt()).isEqualTo(tokens.length)
        .isEqualTo(tokenizer(LLAMA).countText(prompt, true));
    assertThat(answer.get("max_model_len").asInt()).isEqualTo(4096);
    assertThat(answer.get("token_strs").isNull()).isTrue();
    assertThat(plain.get("tokens").valueStream().mapToLong(JsonNode::asLong).toArray()).containsExactly(promptIds);
    assertThat(plain.get("count").asInt()).isEqualTo(promptIds.length);
  }

  @Test
  void tokenizeCountsMessagesLikeChatCompletions() {
    List<Map<String, Object>> messages = List.of(Map.of("role", "user", "content", "오늘 회의는 몇 시인가요?"));

    JsonNode withPrompt = post("/tokenize", Map.of("model", QWEN, "messages", messages), 200);
    JsonNode withoutPrompt = post("/tokenize",
        Map.of("model", QWEN, "messages", messages, "add_generation_prompt", false), 200);

    assertThat(withPrompt.get("count").asInt()).isEqualTo(tokenizer(QWEN).countChat(messages, Map.of(), true))
        .isEqualTo(withPrompt.get("tokens").size());
    assertThat(withoutPrompt.get("count").asInt()).isEqualTo(tokenizer(QWEN).countChat(messages, Map.of(), false));
  }

  @Test
  void tokenizeIsVllmsOwnRouteAndNotFoundWhenImitatingSglang() {
    List<Map<String, Object>> messages = List.of(Map.of("role", "user", "content", "오늘 회의는 몇 시인가요?"));
    putSettings(Map.of("engine", "sglang"));

    assertThat(post("/tokenize", Map.of("model", QWEN, "messages", messages), 404).get("detail").asString())
        .isEqualTo("Not Found");
    // What a client counting without /tokenize falls back to still answers.
    assertThat(post("/v1/chat/completions", Map.of("model", QWEN, "messages", messages, "max_tokens", 1), 200)
        .at("/usage/prompt_tokens").asInt()).isEqualTo(tokenizer(QWEN).countChat(messages, Map.of(), true));
  }

  @Test
  void settingsComeFromSimulatorYmlNotApplicationYml() {
    JsonNode settings = get("/sim/settings");

    assertThat(settings.get("max-model-len").asInt()).isEqualTo(4096);
    assertThat(settings.get("fault").asString()).isEqualTo("none");
    assertThat(settings.get("models").properties()).extracting(Map.Entry::getKey).containsExactly(QWEN, LLAMA);
  }

  @Test
  void puttingSettingsChangesOnlyTheFieldsGivenUntilReset() {
    JsonNode changed = putSettings(Map.of("ttft-ms", 5, "fault", "cut-stream"));

    assertThat(changed.get("ttft-ms").asLong()).isEqualTo(5);
    assertThat(changed.get("fault").asString()).isEqualTo("cut-stream");
    assertThat(changed.get("max-model-len").asInt()).isEqualTo(4096);
    assertThat(get("/sim/settings")).isEqualTo(changed);

    client.post().uri("/sim/reset").exchange().expectStatus().isNoContent();
    assertThat(get("/sim/settings").get("fault").asString()).isEqualTo("none");
  }

  @Test
  void servedModelsCanBeReplacedAtRuntime() {
    putSettings(Map.of("models", Map.of("tiny-korean", "qwen3")));

    assertThat(get("/v1/models").get("data")).extracting(model -> model.get("id").asString())
        .containsExactly("tiny-korean");
    post("/v1/completions", Map.of("model", "tiny-korean", "prompt", "안녕"), 200);
    post("/v1/completions", Map.of("model", QWEN, "prompt", "안녕"), 404);
  }

  @Test
  void badSettingsAreRefusedAsAWhole() {
    send(HttpMethod.PUT, "/sim/settings", Map.of("ttftMs", 5), 400);
    send(HttpMethod.PUT, "/sim/settings", Map.of("fault", "explode"), 400);
    send(HttpMethod.PUT, "/sim/settings", Map.of("ttft-ms", -1), 400);
    JsonNode error = send(HttpMethod.PUT, "/sim/settings",
        Map.of("ttft-ms", 9, "models", Map.of("x", "no-such-tokenizer")), 400);

    assertThat(error.at("/error/message").asString()).contains("no-such-tokenizer");
    assertThat(get("/sim/settings").get("ttft-ms").asLong()).isZero();
  }

  @Test
  void statsCountRequestsAndKeepTheLastBodyVerbatim() {
    String body = "{\"model\":\"korean-qwen\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
        + "\"max_tokens\":4,\"messages\":[{\"role\":\"user\",\"content\":\"안녕\"}]}";
    post("/v1/chat/completions", Map.of("model", QWEN, "messages", List.of(Map.of("role", "user", "content", "hi"))), 200);
    client.post().uri("/v1/chat/completions").header("Content-Type", "application/json").bodyValue(body)
        .exchange().expectStatus().isOk().expectBody(String.class).returnResult();

    JsonNode stats = stats();
    assertThat(stats.get("requests").asLong()).isEqualTo(2);
    assertThat(stats.get("completed").asLong()).isEqualTo(2);
    assertThat(stats.get("cancelled").asLong()).isZero();
    assertThat(stats.at("/lastRequest/stream_options/include_usage").asBoolean()).isTrue();
    assertThat(stats.at("/lastRequest/max_tokens").asInt()).isEqualTo(4);
    assertThat(json(stats.get("lastRequest"))).isEqualTo(body);
  }

  @Test
  void resetZeroesTheStats() {
    post("/v1/completions", Map.of("model", QWEN, "prompt", "안녕"), 200);

    client.post().uri("/sim/reset").exchange().expectStatus().isNoContent();

    JsonNode stats = stats();
    assertThat(stats.get("requests").asLong()).isZero();
    assertThat(stats.get("lastRequest").isNull()).isTrue();
  }
}
