package io.koreanllm.gateway.proxy;

import static io.koreanllm.gateway.support.Requests.koreanChat;
import static io.koreanllm.gateway.support.Requests.streamed;
import static org.assertj.core.api.Assertions.assertThat;

import io.koreanllm.gateway.http.GatewayHeaders;
import io.koreanllm.gateway.support.GatewayStack;
import io.koreanllm.gateway.support.Requests;
import io.koreanllm.gateway.support.TestGateway;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;

/**
 * A user's per-request limits through the gateway, as docs/configuration.md and the CRD describe them:
 * {@code maxTokensPerRequest} caps prompt + max_tokens (the backend is asked for no more than fits), a prompt
 * alone past it is refused; {@code maxConcurrent} refuses the request one too many; a model the user may not use is a
 * 403. Refusals that retrying cannot help say so ({@code x-should-retry: false}); the others say when.
 */
class PerRequestLimitsTest {

  private static final String KEY = "sk-capped-test-key-0001";
  private static final String SUSPENDED_KEY = "sk-suspended-test-key-0001";
  private static final int CAP = 100;

  @RegisterExtension
  static final GatewayStack STACK = GatewayStack.withEditableUsers();

  @BeforeAll
  static void cappedUser() throws Exception {
    Files.writeString(STACK.usersFile(), """
        defaults:
          limits: {rpm: 0, tpm: 0, tph: 0, tpd: 0, cooldownMinutes: 0}
        users:
          - name: capped
            limits: {rpm: 100, tpm: 100000, tpd: 1000, maxConcurrent: 1, maxTokensPerRequest: %d}
            models: [korean-qwen]
            keys: [{key: "%s"}]
          - name: held
            suspended: true
            keys: [{key: "%s"}]
        """.formatted(CAP, KEY, SUSPENDED_KEY));
    STACK.gateway().client().post().uri("/admin/reload-config")
        .header("Authorization", "Bearer " + TestGateway.ADMIN_KEY).exchange().expectStatus().isOk();
  }

  @BeforeEach
  void freshState() {
    STACK.freshMinute();
    STACK.gateway().client().delete().uri("/admin/reset-usage/capped")
        .header("Authorization", "Bearer " + TestGateway.ADMIN_KEY).exchange().expectStatus().isOk();
  }

  @Test
  void theCapHoldsPromptAndAnswerTogether() {
    EntityExchangeResult<JsonNode> result = chat(koreanChat("korean-qwen", 500));
    assertThat(result.getStatus().value()).isEqualTo(200);
    int prompt = Integer.parseInt(result.getResponseHeaders().getFirst(GatewayHeaders.PROMPT_TOKENS));
    JsonNode upstream = STACK.simulator().stats().path("lastRequest");
    assertThat(upstream.path("max_tokens").asInt()).as("the backend is asked for what fits under the cap")
        .isEqualTo(CAP - prompt);
    assertThat(result.getResponseBody().path("usage").path("total_tokens").asInt()).isLessThanOrEqualTo(CAP);
  }

  @Test
  void aPromptAlonePastTheCapIsRefusedForGood() {
    Map<String, Object> longPrompt = new HashMap<>(koreanChat("korean-qwen", 10));
    longPrompt.put("messages", List.of(Map.of("role", "user", "content", "안녕하세요. ".repeat(60))));
    EntityExchangeResult<JsonNode> result = chat(longPrompt);
    assertThat(result.getStatus().value()).isEqualTo(400);
    assertThat(result.getResponseBody().path("error").path("code").asString()).isEqualTo("request_tokens_exceeded");
    assertThat(result.getResponseHeaders().getFirst(GatewayHeaders.SHOULD_RETRY)).isEqualTo("false");
  }

  @Test
  void theRequestOneTooManyInFlightWaitsItsTurn() {
    STACK.simulator().settings("{\"token-delay-ms\": 100}");
    List<String> first = new java.util.concurrent.CopyOnWriteArrayList<>();
    Disposable streaming = Requests.events(STACK.gateway().url(), KEY, streamed(koreanChat("korean-qwen", 60), null))
        .subscribe(first::add);
    try {
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !first.isEmpty());
      EntityExchangeResult<JsonNode> second = chat(koreanChat("korean-qwen", 10));
      assertThat(second.getStatus().value()).isEqualTo(429);
      assertThat(second.getResponseBody().path("error").path("code").asString()).isEqualTo("concurrency_exceeded");
      HttpHeaders headers = second.getResponseHeaders();
      assertThat(headers.getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
      assertThat(headers.getFirst(GatewayHeaders.RETRY_AFTER_MS)).isNotBlank();
      assertThat(headers.getFirst(GatewayHeaders.SHOULD_RETRY)).as("waiting helps").isNull();
    } finally {
      streaming.dispose();
    }
  }

  @Test
  void aModelTheUserMayNotUseIsA403NotToRetry() {
    EntityExchangeResult<JsonNode> result = chat(koreanChat("korean-llama", 10));
    assertThat(result.getStatus().value()).isEqualTo(403);
    assertThat(result.getResponseBody().path("error").path("code").asString()).isEqualTo("model_not_allowed");
    assertThat(result.getResponseHeaders().getFirst(GatewayHeaders.SHOULD_RETRY)).isEqualTo("false");
  }

  @Test
  void aSuspendedUserIsA403NotToRetry() {
    EntityExchangeResult<JsonNode> result = STACK.gateway().client().post().uri("/v1/chat/completions")
        .header("Authorization", "Bearer " + SUSPENDED_KEY).bodyValue(koreanChat("korean-qwen", 10)).exchange()
        .expectBody(JsonNode.class).returnResult();
    assertThat(result.getStatus().value()).isEqualTo(403);
    assertThat(result.getResponseBody().path("error").path("code").asString()).isEqualTo("user_suspended");
    assertThat(result.getResponseHeaders().getFirst(GatewayHeaders.SHOULD_RETRY)).isEqualTo("false");
  }

  @Test
  void oneModelIsShownToAUserWhoMayUseItWithItsContextLength() {
    JsonNode qwen = model("korean-qwen", 200);
    assertThat(qwen.path("id").asString()).isEqualTo("korean-qwen");
    assertThat(qwen.path("object").asString()).isEqualTo("model");
    assertThat(qwen.path("max_model_len").asInt()).isEqualTo(8192);
    assertThat(model("korean-llama", 403).path("error").path("code").asString()).isEqualTo("model_not_allowed");
    JsonNode unknown = model("Qwen/Qwen2.5-72B", 404).path("error");
    assertThat(unknown.path("code").asString()).isEqualTo("model_not_found");
    assertThat(unknown.path("message").asString()).contains("'Qwen/Qwen2.5-72B'");
  }

  private static JsonNode model(String id, int status) {
    return STACK.gateway().client().get().uri("/v1/models/" + id).header("Authorization", "Bearer " + KEY)
        .exchange().expectStatus().isEqualTo(status).expectBody(JsonNode.class).returnResult().getResponseBody();
  }

  @Test
  void theDaysLimitSaysNotToRetryUntilTomorrow() {
    EntityExchangeResult<JsonNode> result;
    do {
      result = chat(koreanChat("korean-qwen", 40));
    } while (result.getStatus().value() == 200);
    assertThat(result.getStatus().value()).isEqualTo(429);
    assertThat(result.getResponseBody().path("error").path("code").asString()).isEqualTo("tpd_exceeded");
    HttpHeaders headers = result.getResponseHeaders();
    assertThat(headers.getFirst(GatewayHeaders.SHOULD_RETRY)).isEqualTo("false");
    long retryAfterMs = Long.parseLong(headers.getFirst(GatewayHeaders.RETRY_AFTER_MS));
    assertThat(retryAfterMs).as("until midnight in Seoul (the test clock stands at 10:00 there)")
        .isGreaterThan(Duration.ofHours(13).toMillis()).isLessThanOrEqualTo(Duration.ofHours(14).toMillis());
    assertThat(Long.parseLong(headers.getFirst(HttpHeaders.RETRY_AFTER))).isEqualTo((retryAfterMs + 999) / 1000);
  }

  private static EntityExchangeResult<JsonNode> chat(Map<String, Object> body) {
    return STACK.gateway().client().post().uri("/v1/chat/completions").header("Authorization", "Bearer " + KEY)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectBody(JsonNode.class)
        .returnResult();
  }
}
