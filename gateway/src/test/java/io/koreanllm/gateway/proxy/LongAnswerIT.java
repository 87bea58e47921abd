package io.koreanllm.gateway.proxy;

import static io.koreanllm.gateway.support.Requests.DEV1_KEY;
import static io.koreanllm.gateway.support.Requests.koreanChat;
import static org.assertj.core.api.Assertions.assertThat;

import io.koreanllm.gateway.http.GatewayHeaders;
import io.koreanllm.gateway.support.GatewayStack;
import io.koreanllm.gateway.support.TestClients;
import io.koreanllm.gateway.usage.UsageEvent;
import io.koreanllm.gateway.usage.UsageLedger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/**
 * A whole (non-streamed) answer that a slow GPU needs three minutes for — longer than the backend timeout of 60 s,
 * which only bounds silence before a stream — arrives whole and is charged once: the gateway waits
 * {@code backend-timeout + max_tokens × slowest-decode} for an answer that comes only once generated.
 */
class LongAnswerIT {

  private static final Duration GENERATION = Duration.ofMinutes(3);
  private static final int MAX_TOKENS = 2048;

  @RegisterExtension
  static final GatewayStack STACK = GatewayStack.withShippedUsers();

  @Test
  void aThreeMinuteAnswerArrivesWholeAndIsChargedOnce() {
    JsonNode quick = send().getBody();
    int tokens = quick.path("usage").path("completion_tokens").asInt();
    assertThat(tokens).isPositive();
    // The same question gets the same answer: spread its tokens over three minutes (the first comes at once).
    long delay = GENERATION.toMillis() / Math.max(1, tokens - 1) + 1;
    STACK.simulator().settings("{\"token-delay-ms\": " + delay + "}");

    long started = System.nanoTime();
    ResponseEntity<JsonNode> slow = send();
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(slow.getStatusCode().value()).isEqualTo(200);
    assertThat(took).as("the answer took its three minutes, three times the 60 s backend timeout")
        .isGreaterThanOrEqualTo(GENERATION.minusSeconds(5));
    JsonNode body = slow.getBody();
    assertThat(body.path("choices").get(0).path("message").path("content").asString())
        .isEqualTo(quick.path("choices").get(0).path("message").path("content").asString());
    assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(tokens);

    String id = slow.getHeaders().getFirst(GatewayHeaders.REQUEST_ID);
    List<UsageEvent> settled = STACK.gateway().bean(UsageLedger.class).recent(10).block().stream()
        .filter(event -> event.requestId().equals(id)).toList();
    assertThat(settled).as("charged once, what it used").hasSize(1);
    assertThat(settled.get(0).totalTokens()).isEqualTo(body.path("usage").path("total_tokens").asLong());
  }

  private static ResponseEntity<JsonNode> send() {
    return TestClients.webClient(STACK.gateway().url()).post().uri("/v1/chat/completions")
        .header("Authorization", "Bearer " + DEV1_KEY).contentType(MediaType.APPLICATION_JSON)
        .bodyValue(koreanChat("korean-qwen", MAX_TOKENS)).retrieve().toEntity(JsonNode.class)
        .block(Duration.ofMinutes(6));
  }
}
