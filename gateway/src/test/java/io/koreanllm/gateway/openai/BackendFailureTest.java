package io.koreanllm.gateway.openai;

import static io.koreanllm.gateway.support.Requests.DEV1_KEY;
import static io.koreanllm.gateway.support.Requests.koreanChat;
import static io.koreanllm.gateway.support.Requests.streamed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.koreanllm.gateway.http.GatewayHeaders;
import io.koreanllm.gateway.support.GatewayStack;
import io.koreanllm.gateway.support.Requests;
import io.koreanllm.gateway.support.TestGateway;
import io.koreanllm.gateway.usage.Outcome;
import io.koreanllm.gateway.usage.UsageEvent;
import io.koreanllm.gateway.usage.UsageLedger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import tools.jackson.databind.JsonNode;

/**
 * A backend that fails, hangs or cuts its stream, and a client that leaves: each ends in a clear answer and the
 * charge the documented rule gives, settled once.
 */
class BackendFailureTest {

  @RegisterExtension
  static final GatewayStack STACK = GatewayStack.withShippedUsers("--koreanllm.backend-timeout=2s");

  @BeforeEach
  void freshState() {
    STACK.freshMinute();
  }

  private static EntityExchangeResult<JsonNode> chat() {
    return STACK.gateway().client().post().uri("/v1/chat/completions").header("Authorization", "Bearer " + DEV1_KEY)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(koreanChat("korean-qwen", 50)).exchange()
        .expectBody(JsonNode.class).returnResult();
  }

  /** The ledger's event for the request with this id, once it has been settled. */
  private static UsageEvent settled(String requestId) {
    UsageLedger ledger = STACK.gateway().bean(UsageLedger.class);
    return await().atMost(Duration.ofSeconds(10)).until(
        () -> ledger.recent(50).block().stream().filter(e -> e.requestId().equals(requestId)).findFirst()
            .orElse(null), java.util.Objects::nonNull);
  }

  @Test
  void aBackend500IsA502AndChangesNoCounter() {
    STACK.simulator().settings("{\"fault\": \"http-500\"}");
    JsonNode before = stats();
    EntityExchangeResult<JsonNode> result = chat();
    assertThat(result.getStatus().value()).isEqualTo(502);
    assertThat(result.getResponseBody().path("error").path("code").asString()).isEqualTo("backend_error");
    assertUnchangedSince(before);
  }

  @Test
  void aBackendThatNeverAnswersIsA504AndChangesNoCounter() {
    STACK.simulator().settings("{\"fault\": \"hang\"}");
    JsonNode before = stats();
    EntityExchangeResult<JsonNode> result = chat();
    assertThat(result.getStatus().value()).isEqualTo(504);
    assertThat(result.getResponseBody().path("error").path("code").asString()).isEqualTo("backend_timeout");
    assertUnchangedSince(before);
  }

  @Test
  void aRequestTheBackendRejectsChangesNoCounter() {
    // The backend's context is shorter than the policy says: it refuses, as vLLM does, with a 400.
    STACK.simulator().settings("{\"max-model-len\": 40}");
    JsonNode before = stats();
    EntityExchangeResult<JsonNode> result = chat();
    assertThat(result.getStatus().value()).isEqualTo(400);
    assertUnchangedSince(before);
  }

  private static JsonNode stats() {
    return STACK.gateway().client().get().uri("/stats/dev1").header("Authorization", "Bearer " + TestGateway.ADMIN_KEY)
        .exchange().expectBody(JsonNode.class).returnResult().getResponseBody();
  }

  /** The request was released: once that has happened, the user's counters are what they were. */
  private static void assertUnchangedSince(JsonNode before) {
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      JsonNode after = stats();
      assertThat(after.path("usage")).isEqualTo(before.path("usage"));
      assertThat(after.path("today")).isEqualTo(before.path("today"));
    });
  }

  @Test
  void aStreamCutMidwayIsChargedThePromptAndWhatWasGenerated() {
    STACK.simulator().settings("{\"fault\": \"cut-stream\", \"fault-after-tokens\": 5}");
    List<String> received = new java.util.ArrayList<>();
    try {
      Requests.events(STACK.gateway().url(), DEV1_KEY, streamed(koreanChat("korean-qwen", 50), null))
          .doOnNext(received::add).blockLast(Duration.ofSeconds(30));
    } catch (RuntimeException expected) {
      // the stream ends abruptly, as the backend's did
    }
    assertThat(received).isNotEmpty().doesNotContain("[DONE]");
    UsageEvent event = await().atMost(Duration.ofSeconds(10)).until(
        () -> STACK.gateway().bean(UsageLedger.class).recent(1).block().stream().findFirst().orElse(null),
        e -> e != null && e.outcome() == Outcome.BACKEND_ERROR);
    assertThat(event.promptTokens()).isPositive();
    assertThat(event.completionTokens()).isBetween(1L, 5L);
  }

  @Test
  void aStreamThatNeverSendsUsageIsChargedThePromptAndTheGeneratedTextCounted() {
    long honest = chat().getResponseBody().path("usage").path("total_tokens").asLong();
    STACK.simulator().settings("{\"fault\": \"no-usage\"}");
    List<String> events = Requests.events(STACK.gateway().url(), DEV1_KEY,
        streamed(koreanChat("korean-qwen", 50), true)).collectList().block(Duration.ofSeconds(30));
    assertThat(events).last().isEqualTo("[DONE]");
    UsageEvent event = await().atMost(Duration.ofSeconds(10)).until(
        () -> STACK.gateway().bean(UsageLedger.class).recent(1).block().get(0), e -> e.outcome() == Outcome.COMPLETED);
    assertThat(event.totalTokens()).as("counted with the tokenizer, as the backend would have reported")
        .isEqualTo(honest);
  }

  @Test
  void aBackendReportingMoreThanMaxTokensIsChargedNoMoreThanTheRequestAllowed() {
    long honestCompletion = chat().getResponseBody().path("usage").path("completion_tokens").asLong();
    STACK.simulator().settings("{\"fault\": \"over-report\"}");
    EntityExchangeResult<JsonNode> inflated = chat();
    assertThat(inflated.getResponseBody().path("usage").path("completion_tokens").asLong())
        .isEqualTo(10 * honestCompletion).isGreaterThan(50);
    UsageEvent event = settled(inflated.getResponseHeaders().getFirst(GatewayHeaders.REQUEST_ID));
    assertThat(event.completionTokens()).isEqualTo(50); // max_tokens of the request
  }

  @Test
  void aClientThatLeavesMidStreamIsChargedWhatWasGeneratedAndUpstreamIsCancelled() {
    STACK.simulator().settings("{\"token-delay-ms\": 40}");
    List<String> firstChunks = Requests.events(STACK.gateway().url(), DEV1_KEY, streamed(koreanChat("korean-qwen", 300), null))
        .take(4).collectList().block(Duration.ofSeconds(30));
    assertThat(firstChunks).hasSize(4);

    await().atMost(Duration.ofSeconds(10)).until(() -> STACK.simulator().stats().path("cancelled").asInt() == 1);
    UsageEvent event = await().atMost(Duration.ofSeconds(10)).until(
        () -> STACK.gateway().bean(UsageLedger.class).recent(1).block().stream().findFirst().orElse(null),
        e -> e != null && e.outcome() == Outcome.CLIENT_CANCELLED);
    assertThat(event.promptTokens()).isPositive();
    assertThat(event.completionTokens()).isBetween(1L, 299L);
  }
}
