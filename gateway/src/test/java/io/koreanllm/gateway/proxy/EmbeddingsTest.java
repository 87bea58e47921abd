package io.koreanllm.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.koreanllm.gateway.http.GatewayHeaders;
import io.koreanllm.gateway.support.GatewayStack;
import io.koreanllm.gateway.support.TestGateway;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/embeddings} through the gateway to the simulator (which counts inputs with the same tokenizer files
 * vLLM would): the inputs counted exactly before admission, charged what the server reports, limited like chats,
 * and a malformed request refused without moving a counter.
 */
class EmbeddingsTest {

  private static final String KEY = "sk-embedder-test-key-0001";
  private static final String MODEL = "korean-qwen";
  private static final List<String> SENTENCES = List.of("서울의 날씨는 오늘 맑습니다.",
      "한국어 임베딩 모델은 검색 품질을 높입니다.", "Tokens are counted per input, 각 입력마다.");

  @RegisterExtension
  static final GatewayStack STACK = GatewayStack.withEditableUsers();

  @BeforeAll
  static void embedder() throws Exception {
    Files.writeString(STACK.usersFile(), """
        defaults:
          limits: {rpm: 0, tpm: 0, tph: 0, tpd: 0, cooldownMinutes: 0}
        users:
          - name: embedder
            limits: {rpm: 100, tpm: 60}
            keys: [{key: "%s"}]
        """.formatted(KEY));
    admin().post().uri("/admin/reload-config").exchange().expectStatus().isOk();
  }

  @BeforeEach
  void freshState() {
    STACK.freshMinute();
    admin().delete().uri("/admin/reset-usage/embedder").exchange().expectStatus().isOk();
  }

  @Test
  void inputsAreCountedExactlyAndChargedWhatTheServerReports() {
    EntityExchangeResult<JsonNode> result = embed(Map.of("model", MODEL, "input", SENTENCES));
    assertThat(result.getStatus().value()).isEqualTo(200);
    JsonNode body = result.getResponseBody();
    assertThat(body.path("data")).hasSize(3);
    assertThat(body.path("data").get(2).path("embedding").size()).isPositive();
    long served = body.path("usage").path("prompt_tokens").asLong();
    assertThat(served).isPositive();
    assertThat(result.getResponseHeaders().getFirst(GatewayHeaders.PROMPT_TOKENS))
        .as("the gateway's own count, made before admission").isEqualTo(Long.toString(served));
    assertThat(minute().path("tokens_last_minute").asLong()).isEqualTo(served);
    assertThat(minute().path("requests_last_minute").asLong()).isEqualTo(1);
    JsonNode upstream = STACK.simulator().stats().path("lastRequest");
    assertThat(upstream.has("max_tokens")).as("nothing is generated, so no max_tokens is added").isFalse();
    assertThat(upstream.path("input")).hasSize(3);
  }

  @Test
  void tokenIdInputsCountAsTheyAre() {
    EntityExchangeResult<JsonNode> result = embed(Map.of("model", MODEL,
        "input", List.of(List.of(9707, 11, 1879), List.of(9707))));
    assertThat(result.getStatus().value()).isEqualTo(200);
    assertThat(result.getResponseHeaders().getFirst(GatewayHeaders.PROMPT_TOKENS)).isEqualTo("4");
    assertThat(result.getResponseBody().path("usage").path("prompt_tokens").asLong()).isEqualTo(4);
  }

  @Test
  void aRequestPastTheTokensPerMinuteIsRefusedAndNotCharged() {
    long first = embed(Map.of("model", MODEL, "input", SENTENCES)).getResponseBody().path("usage")
        .path("prompt_tokens").asLong();
    assertThat(first).as("the first fits under tpm 60, the second does not").isBetween(31L, 60L);
    EntityExchangeResult<JsonNode> second = embed(Map.of("model", MODEL, "input", SENTENCES));
    assertThat(second.getStatus().value()).isEqualTo(429);
    assertThat(second.getResponseBody().path("error").path("code").asString()).isEqualTo("tpm_exceeded");
    assertThat(minute().path("tokens_last_minute").asLong()).isEqualTo(first);
    assertThat(minute().path("requests_last_minute").asLong()).isEqualTo(1);
  }

  @Test
  void malformedInputIsA400NamingTheFieldAndChangesNothing() {
    for (Map<String, Object> bad : List.<Map<String, Object>>of(
        Map.of("model", MODEL),
        Map.of("model", MODEL, "input", List.of()),
        Map.of("model", MODEL, "input", List.of("좋아요", "")),
        Map.of("model", MODEL, "input", List.of(1, -2)),
        Map.of("model", MODEL, "input", Map.of("text", "안녕")),
        Map.of("model", MODEL, "input", "안녕", "stream", true),
        Map.of("model", MODEL, "input", "안녕", "encoding_format", "int8"))) {
      EntityExchangeResult<JsonNode> result = embed(bad);
      assertThat(result.getStatus().value()).as("%s", bad).isEqualTo(400);
      JsonNode error = result.getResponseBody().path("error");
      assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
      assertThat(error.path("param").asString()).as("%s", bad).isNotBlank();
    }
    assertThat(minute().path("requests_last_minute").asLong()).isZero();
    assertThat(minute().path("tokens_last_minute").asLong()).isZero();
  }

  private static JsonNode minute() {
    return admin().get().uri("/stats/embedder").exchange().expectStatus().isOk().expectBody(JsonNode.class)
        .returnResult().getResponseBody().path("usage");
  }

  private static EntityExchangeResult<JsonNode> embed(Map<String, Object> body) {
    return STACK.gateway().client().post().uri("/v1/embeddings").header("Authorization", "Bearer " + KEY)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectBody(JsonNode.class)
        .returnResult();
  }

  private static WebTestClient admin() {
    return STACK.gateway().client().mutate().defaultHeader("Authorization", "Bearer " + TestGateway.ADMIN_KEY)
        .build();
  }
}
