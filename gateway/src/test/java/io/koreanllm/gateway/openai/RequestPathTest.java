package io.koreanllm.gateway.openai;

import static io.koreanllm.gateway.support.Requests.DEV1_KEY;
import static io.koreanllm.gateway.support.Requests.TEST_KEY;
import static io.koreanllm.gateway.support.Requests.USER1_KEY;
import static io.koreanllm.gateway.support.Requests.USER1_STATS;
import static io.koreanllm.gateway.support.Requests.koreanChat;
import static io.koreanllm.gateway.support.Requests.streamed;
import static org.assertj.core.api.Assertions.assertThat;

import io.koreanllm.gateway.http.GatewayHeaders;
import io.koreanllm.gateway.support.GatewayStack;
import io.koreanllm.gateway.support.Requests;
import io.koreanllm.gateway.support.TestGateway;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The whole request path, through the real gateway to the real simulator, with the shipped demo users. */
class RequestPathTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @RegisterExtension
  static final GatewayStack STACK = GatewayStack.withShippedUsers();

  @BeforeEach
  void freshState() {
    STACK.freshMinute();
    for (String user : List.of("user1", "dev1", "test")) {
      admin().delete().uri("/admin/reset-usage/" + user).exchange().expectStatus().isOk();
    }
  }

  private static org.springframework.test.web.reactive.server.WebTestClient admin() {
    return STACK.gateway().client().mutate().defaultHeader("Authorization", "Bearer " + TestGateway.ADMIN_KEY).build();
  }

  private static EntityExchangeResult<JsonNode> chat(String key, Map<String, Object> body) {
    return STACK.gateway().client().post().uri("/v1/chat/completions").header("Authorization", "Bearer " + key)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
        .expectBody(JsonNode.class).returnResult();
  }

  /** The ledger's record of today, which a reset of the user's quota leaves as it was. */
  private static long tokensToday(String statsPath) {
    return stats(statsPath).path("today").path("total_tokens").asLong();
  }

  private static JsonNode stats(String path) {
    return admin().get().uri(path).exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult()
        .getResponseBody();
  }

  @Test
  void answersAKoreanChatWithCorrectUsageAndChargesIt() {
    long before = tokensToday(USER1_STATS);
    EntityExchangeResult<JsonNode> result = chat(USER1_KEY, koreanChat("korean-qwen", 60));
    assertThat(result.getStatus().value()).isEqualTo(200);
    JsonNode body = result.getResponseBody();
    String answer = body.path("choices").get(0).path("message").path("content").asString();
    assertThat(answer).containsPattern("\\p{IsHangul}");
    JsonNode usage = body.path("usage");
    assertThat(usage.path("total_tokens").asLong())
        .isEqualTo(usage.path("prompt_tokens").asLong() + usage.path("completion_tokens").asLong());
    assertThat(usage.path("completion_tokens").asInt()).isBetween(1, 60);
    HttpHeaders headers = result.getResponseHeaders();
    assertThat(headers.getFirst("x-ratelimit-limit-requests")).isEqualTo("40");
    assertThat(headers.getFirst("x-ratelimit-remaining-requests")).isEqualTo("39");
    assertThat(headers.getFirst("x-ratelimit-limit-tokens")).isEqualTo("8000");
    assertThat(headers.getFirst(GatewayHeaders.REQUEST_ID)).startsWith("req-");

    JsonNode stats = stats(USER1_STATS);
    assertThat(stats.path("display_name").asString()).isEqualTo("사용자1");
    assertThat(stats.path("today").path("total_tokens").asLong() - before)
        .isEqualTo(usage.path("total_tokens").asLong());
    assertThat(stats.path("usage").path("tokens_last_minute").asLong()).isEqualTo(usage.path("total_tokens").asLong());
    assertThat(stats.path("usage").path("requests_last_minute").asLong()).isEqualTo(1);
  }

  @Test
  void streamsChunkByChunkAndHidesTheUsageChunkTheClientDidNotAskFor() throws Exception {
    long before = tokensToday("/stats/dev1");
    JsonNode plain = chat(DEV1_KEY, koreanChat("korean-llama", 40)).getResponseBody();
    List<String> events = Requests.events(STACK.gateway().url(), DEV1_KEY, streamed(koreanChat("korean-llama", 40), null))
        .collectList().block(Duration.ofSeconds(30));

    assertThat(events).last().isEqualTo("[DONE]");
    StringBuilder text = new StringBuilder();
    int contentChunks = 0;
    for (String event : events.subList(0, events.size() - 1)) {
      JsonNode chunk = JSON.readTree(event);
      assertThat(chunk.path("choices").isEmpty()).as("a usage-only chunk reached the client: %s", event).isFalse();
      String delta = chunk.path("choices").get(0).path("delta").path("content").asString("");
      contentChunks += delta.isEmpty() ? 0 : 1;
      text.append(delta);
    }
    assertThat(text.toString()).isEqualTo(plain.path("choices").get(0).path("message").path("content").asString());
    assertThat(contentChunks).isGreaterThan(1);

    // Upstream was asked for usage all the same, and the stream was charged by it.
    JsonNode forwarded = STACK.simulator().stats().path("lastRequest");
    assertThat(forwarded.path("stream_options").path("include_usage").asBoolean()).isTrue();
    long plainTotal = plain.path("usage").path("total_tokens").asLong();
    assertThat(tokensToday("/stats/dev1") - before).isEqualTo(2 * plainTotal);
  }

  @Test
  void streamsArePassedOnAsTheyAreGeneratedNotHeldBack() {
    STACK.simulator().settings("{\"token-delay-ms\": 100}");
    List<Long> arrivals = new CopyOnWriteArrayList<>();
    Requests.events(STACK.gateway().url(), DEV1_KEY, streamed(koreanChat("korean-qwen", 6), null))
        .doOnNext(event -> arrivals.add(System.nanoTime()))
        .blockLast(Duration.ofSeconds(30));

    // Six tokens 100 ms apart: a gateway that held the answer back would deliver every event at once.
    assertThat(arrivals).hasSizeGreaterThan(6);
    assertThat(Duration.ofNanos(arrivals.get(arrivals.size() - 1) - arrivals.get(1)))
        .isGreaterThan(Duration.ofMillis(300));
  }

  @Test
  void keepsTheUsageChunkWhenTheClientAskedForIt() throws Exception {
    long before = tokensToday("/stats/dev1");
    List<String> events = Requests.events(STACK.gateway().url(), DEV1_KEY, streamed(koreanChat("korean-qwen", 30), true))
        .collectList().block(Duration.ofSeconds(30));
    JsonNode usageChunk = JSON.readTree(events.get(events.size() - 2));
    assertThat(usageChunk.path("choices").isEmpty()).isTrue();
    long total = usageChunk.path("usage").path("total_tokens").asLong();
    assertThat(total).isPositive();
    assertThat(tokensToday("/stats/dev1") - before).isEqualTo(total);
  }

  @Test
  void setsMaxTokensUpstreamWhenTheRequestHasNone() throws Exception {
    Map<String, Object> body = Map.of("model", "korean-qwen", "messages",
        List.of(Map.of("role", "user", "content", "안녕?")));
    assertThat(chat(DEV1_KEY, body).getStatus().value()).isEqualTo(200);
    JsonNode forwarded = STACK.simulator().stats().path("lastRequest");
    assertThat(forwarded.path("max_tokens").asInt()).isEqualTo(1024);
  }

  @Test
  void theFortyFirstRequestOfUser1InAMinuteIsRefusedWithRpmExceeded() {
    for (int i = 0; i < 40; i++) {
      assertThat(chat(USER1_KEY, koreanChat("korean-qwen", 10)).getStatus().value()).as("request %d", i + 1)
          .isEqualTo(200);
      STACK.gateway().clock().advance(Duration.ofMillis(500));
    }
    EntityExchangeResult<JsonNode> refused = chat(USER1_KEY, koreanChat("korean-qwen", 10));
    assertThat(refused.getStatus().value()).isEqualTo(429);
    assertThat(refused.getResponseBody().path("error").path("code").asString()).isEqualTo("rpm_exceeded");
    assertThat(refused.getResponseBody().path("error").path("message").asString()).contains("분당 요청");
    HttpHeaders headers = refused.getResponseHeaders();
    assertThat(Long.parseLong(headers.getFirst(HttpHeaders.RETRY_AFTER))).isBetween(1L, 60L);
    assertThat(headers.getFirst("x-ratelimit-limit-requests")).isEqualTo("40");
    assertThat(headers.getFirst("x-ratelimit-remaining-requests")).isEqualTo("0");
    assertThat(headers.getFirst("x-ratelimit-reset-requests")).isNotBlank();
    assertThat(headers.getFirst("x-ratelimit-limit-tokens")).isEqualTo("8000");
    assertThat(headers.getFirst("x-ratelimit-remaining-tokens")).isNotBlank();
    assertThat(headers.getFirst("x-ratelimit-reset-tokens")).isNotBlank();

    STACK.gateway().clock().advance(Duration.ofSeconds(Long.parseLong(headers.getFirst(HttpHeaders.RETRY_AFTER))));
    assertThat(chat(USER1_KEY, koreanChat("korean-qwen", 10)).getStatus().value()).isEqualTo(200);
  }

  @Test
  void refusesTheRequestThatWouldPassTokensPerMinute() {
    // 테스트 has 3000 tokens a minute: two requests reserving ~1,050 tokens each fit, the third does not.
    for (int i = 0; i < 2; i++) {
      assertThat(chat(TEST_KEY, koreanChat("korean-qwen", 1000)).getStatus().value()).isEqualTo(200);
    }
    // Settled usage is far below the reservation, so the window has room again for the same request.
    EntityExchangeResult<JsonNode> third = chat(TEST_KEY, koreanChat("korean-qwen", 2900));
    assertThat(third.getStatus().value()).isEqualTo(429);
    assertThat(third.getResponseBody().path("error").path("code").asString()).isEqualTo("tpm_exceeded");
  }

  @Test
  void countsAPlainCompletionPromptWithSpecialTokens() {
    EntityExchangeResult<JsonNode> result = STACK.gateway().client().post().uri("/v1/completions")
        .header("Authorization", "Bearer " + DEV1_KEY).contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("model", "korean-llama", "prompt", "한국의 수도는", "max_tokens", 16))
        .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult();
    assertThat(result.getResponseHeaders().getFirst(GatewayHeaders.PROMPT_TOKENS))
        .isEqualTo(result.getResponseBody().path("usage").path("prompt_tokens").asString());
  }

  @Test
  void aToolCallingChatIsCountedAsTheServerCountsIt() {
    Map<String, Object> weather = Map.of("type", "function", "function", Map.of("name", "get_weather",
        "description", "도시의 현재 날씨를 알려 줍니다.", "parameters", Map.of("type", "object",
            "properties", Map.of("city", Map.of("type", "string", "description", "도시 이름")),
            "required", List.of("city"))));
    List<Map<String, Object>> messages = List.of(
        Map.of("role", "system", "content", "당신은 친절한 비서입니다."),
        Map.of("role", "user", "content", "서울 날씨 어때?"),
        Map.of("role", "assistant", "content", "", "tool_calls", List.of(Map.of("id", "call_1", "type", "function",
            "function", Map.of("name", "get_weather", "arguments", "{\"city\": \"서울\"}")))),
        Map.of("role", "tool", "tool_call_id", "call_1", "content", "{\"temp_c\": 3, \"sky\": \"맑음\"}"),
        Map.of("role", "user", "content", "그럼 부산은?"));
    // Qwen's template renders the tools; the Llama-3.0 template of the shipped llama3 files drops them, and the
    // server, using the same files, agrees.
    for (String model : List.of("korean-qwen", "korean-llama")) {
      EntityExchangeResult<JsonNode> result = chat(USER1_KEY, Map.of("model", model, "messages", messages,
          "tools", List.of(weather), "tool_choice", "auto", "max_tokens", 8));
      assertThat(result.getStatus().value()).as(model).isEqualTo(200);
      long served = result.getResponseBody().path("usage").path("prompt_tokens").asLong();
      assertThat(result.getResponseHeaders().getFirst(GatewayHeaders.PROMPT_TOKENS)).as(model)
          .isEqualTo(Long.toString(served));
      JsonNode forwarded = STACK.simulator().stats().path("lastRequest");
      assertThat(forwarded.path("tools").get(0).path("function").path("name").asString()).isEqualTo("get_weather");
      EntityExchangeResult<JsonNode> bare = chat(USER1_KEY, Map.of("model", model, "messages", messages,
          "max_tokens", 8));
      long withoutTools = Long.parseLong(bare.getResponseHeaders().getFirst(GatewayHeaders.PROMPT_TOKENS));
      if (model.equals("korean-qwen")) {
        assertThat(withoutTools).as("the tools were counted, not dropped").isLessThan(served);
      } else {
        assertThat(withoutTools).isEqualTo(served);
      }
    }
  }

  @Test
  void listsModelsAndReportsHealth() {
    JsonNode models = STACK.gateway().client().get().uri("/v1/models").header("Authorization", "Bearer " + USER1_KEY)
        .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    assertThat(models.path("data").findValuesAsString("id")).containsExactlyInAnyOrder("korean-qwen", "korean-llama");
    assertThat(models.path("data").findValues("max_model_len").stream().map(JsonNode::asInt)).containsExactlyInAnyOrder(8192, 2048);
    JsonNode health = STACK.gateway().client().get().uri("/health").exchange().expectStatus().isOk()
        .expectBody(JsonNode.class).returnResult().getResponseBody();
    assertThat(health.path("status").asString()).isEqualTo("ok");
  }
}
