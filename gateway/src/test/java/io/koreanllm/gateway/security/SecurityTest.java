package io.koreanllm.gateway.security;

import static io.koreanllm.gateway.support.Requests.DEV1_KEY;
import static io.koreanllm.gateway.support.Requests.USER1_KEY;
import static io.koreanllm.gateway.support.Requests.koreanChat;
import static io.koreanllm.gateway.support.Requests.streamed;
import static org.assertj.core.api.Assertions.assertThat;

import io.koreanllm.gateway.support.GatewayStack;
import io.koreanllm.gateway.support.Requests;
import io.koreanllm.gateway.support.TestGateway;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** What the gateway guards beyond quotas: keys never leak, and browsers on other origins get nothing. */
@ExtendWith(OutputCaptureExtension.class)
class SecurityTest {

  @RegisterExtension
  static final GatewayStack STACK = GatewayStack.withShippedUsers("--logging.level.io.koreanllm=debug",
      "--management.endpoints.web.exposure.include=health,prometheus");

  private static final String WRONG_KEY = "sk-wrong-but-secret-key-424242";
  private static final List<String> KEYS = List.of(USER1_KEY, DEV1_KEY, TestGateway.ADMIN_KEY, WRONG_KEY);
  /** A body both completion routes accept. */
  private static final String CHAT = "{\"model\": \"korean-qwen\", \"prompt\": \"안녕\", \"max_tokens\": 5, "
      + "\"messages\": [{\"role\": \"user\", \"content\": \"안녕하세요\"}]}";

  /**
   * Keys never appear in what the gateway writes: logs, error bodies, streams, metrics. Every route is driven with
   * real keys (right, wrong, in the query string, the admin key), with the gateway's own logs at DEBUG, and
   * everything captured is scanned.
   */
  @Test
  void noKeyInLogsErrorsOrMetrics(CapturedOutput output) {
    List<String> written = new ArrayList<>();
    WebTestClient client = STACK.gateway().client();
    for (String key : KEYS) {
      for (String path : List.of("/v1/chat/completions", "/v1/completions", "/v1/models", "/token-info?text=x",
          "/stats/user1", "/admin/statistics", "/admin/top-users", "/admin/reset-usage/nobody",
          "/admin/reload-config", "/v1/embeddings", "/v1/chat/completions?api_key=" + key)) {
        for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE)) {
          byte[] body = client.method(method).uri(path).header("Authorization", "Bearer " + key)
              .contentType(MediaType.APPLICATION_JSON).bodyValue(CHAT).exchange().expectBody().returnResult()
              .getResponseBodyContent();
          written.add(body == null ? "" : new String(body, StandardCharsets.UTF_8));
        }
      }
    }
    written.add(String.join("\n", Requests.events(STACK.gateway().url(), USER1_KEY,
        streamed(koreanChat("korean-llama", 10), true)).collectList().block(Duration.ofSeconds(30))));
    written.add(new String(client.get().uri("/actuator/prometheus").exchange().expectBody().returnResult()
        .getResponseBodyContent(), StandardCharsets.UTF_8));
    written.add(output.getAll());

    assertThat(output.getAll()).as("the capture saw the gateway's request logs").contains("outcome=");
    for (String key : KEYS) {
      // Also the key's distinctive tail, which a truncated or formatted key would still show.
      for (String fragment : List.of(key, key.substring(key.length() - 12))) {
        assertThat(written).as("key material %s", fragment).noneMatch(text -> text.contains(fragment));
      }
    }
  }

  /** CORS is closed unless configured: no page on another origin may call the API with a user's key. */
  @Test
  void crossOriginRequestsGetNoCorsGrant() {
    for (String path : List.of("/v1/chat/completions", "/v1/models", "/stats/user1", "/admin/statistics")) {
      var preflight = STACK.gateway().client().options().uri(path).header("Origin", "https://evil.example")
          .header("Access-Control-Request-Method", "POST")
          .header("Access-Control-Request-Headers", "authorization,content-type").exchange().returnResult(Void.class);
      // Without Access-Control-Allow-* headers the browser refuses to send the real request, whatever the status.
      assertThat(preflight.getResponseHeaders().getAccessControlAllowOrigin()).as("preflight of %s", path).isNull();
      assertThat(preflight.getResponseHeaders().getAccessControlAllowHeaders()).as("preflight of %s", path).isEmpty();
      var simple = STACK.gateway().client().get().uri(path).header("Origin", "https://evil.example")
          .header("Authorization", "Bearer " + USER1_KEY).exchange().returnResult(Void.class);
      assertThat(simple.getResponseHeaders().getAccessControlAllowOrigin()).as("GET %s", path).isNull();
    }
  }
}
