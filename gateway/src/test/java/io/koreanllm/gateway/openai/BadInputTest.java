package io.koreanllm.gateway.openai;

import static io.koreanllm.gateway.support.Requests.DEV1_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import io.koreanllm.gateway.support.GatewayStack;
import io.koreanllm.gateway.support.TestGateway;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Every bad request gets a 4xx with an OpenAI-style error that says what is wrong, and changes no counter: neither
 * the user's windows nor the ledger, nor does it reach the backend.
 */
class BadInputTest {

  private static final String CHAT = "{\"model\":\"korean-qwen\",\"messages\":[{\"role\":\"user\",\"content\":\"안녕\"}]";

  @RegisterExtension
  static final GatewayStack STACK = GatewayStack.withShippedUsers("--koreanllm.max-body-size=64KB");

  record Bad(String name, String authorization, String path, byte[] body, int status, String code, String says) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Bad bad(String name, String auth, byte[] body, int status, String code, String says) {
    return bad(name, auth, body, status, code, says, "/v1/chat/completions");
  }

  private static Bad bad(String name, String auth, byte[] body, int status, String code, String says, String path) {
    return new Bad(name, auth, path, body, status, code, says);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static Stream<Arguments> badRequests() {
    String key = "Bearer " + DEV1_KEY;
    // 안 is EC 95 88 in UTF-8: a syllable cut after two of its three bytes.
    byte[] head = utf8("{\"model\":\"korean-qwen\",\"messages\":[{\"role\":\"user\",\"content\":\"");
    byte[] tail = utf8("\"}]}");
    byte[] broken = java.util.Arrays.copyOf(head, head.length + 2 + tail.length);
    broken[head.length] = (byte) 0xEC;
    broken[head.length + 1] = (byte) 0x95;
    System.arraycopy(tail, 0, broken, head.length + 2, tail.length);
    return Stream.of(
        bad("no auth", null, utf8(CHAT + "}"), 401, "missing_api_key", "Authorization"),
        bad("wrong key", "Bearer sk-not-a-real-key", utf8(CHAT + "}"), 401, "invalid_api_key", "API key"),
        bad("not a bearer", "Basic abc", utf8(CHAT + "}"), 401, "invalid_authorization", "Bearer"),
        bad("key in query string", key, utf8(CHAT + "}"), 400, "key_in_query", "query string",
            "/v1/chat/completions?api_key=" + DEV1_KEY),
        bad("malformed JSON", key, utf8(CHAT), 400, "invalid_request", "not valid JSON"),
        bad("not an object", key, utf8("[1,2]"), 400, "invalid_request", "JSON object"),
        bad("empty body", key, new byte[0], 400, "invalid_request", "empty"),
        bad("unknown model", key, utf8("{\"model\":\"gpt-9\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
            404, "model_not_found", "gpt-9"),
        bad("missing model", key, utf8("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), 400,
            "invalid_request", "'model' is required"),
        bad("max_tokens 0", key, utf8(CHAT + ",\"max_tokens\":0}"), 400, "invalid_request", "max_tokens"),
        bad("max_tokens negative", key, utf8(CHAT + ",\"max_tokens\":-5}"), 400, "invalid_request", "max_tokens"),
        bad("max_tokens absurd", key, utf8(CHAT + ",\"max_tokens\":99999999999}"), 400, "invalid_request",
            "max_tokens"),
        bad("max_tokens past the context", key, utf8(CHAT + ",\"max_tokens\":100000}"), 400,
            "max_tokens_too_large", "context"),
        bad("max_tokens a string", key, utf8(CHAT + ",\"max_tokens\":\"10\"}"), 400, "invalid_request",
            "max_tokens"),
        bad("empty messages", key, utf8("{\"model\":\"korean-qwen\",\"messages\":[]}"), 400, "invalid_request",
            "non-empty"),
        bad("missing messages", key, utf8("{\"model\":\"korean-qwen\"}"), 400, "invalid_request", "messages"),
        bad("unknown role", key, utf8("{\"model\":\"korean-qwen\",\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}"),
            400, "invalid_request", "role"),
        bad("content a number", key, utf8("{\"model\":\"korean-qwen\",\"messages\":[{\"role\":\"user\",\"content\":5}]}"),
            400, "invalid_request", "content"),
        bad("lone surrogate", key,
            utf8("{\"model\":\"korean-qwen\",\"messages\":[{\"role\":\"user\",\"content\":\"\\ud800\"}]}"), 400,
            "invalid_request", "surrogate"),
        bad("invalid UTF-8", key, broken, 400, "invalid_request", "UTF-8"),
        bad("stream not a boolean", key, utf8(CHAT + ",\"stream\":\"yes\"}"), 400, "invalid_request", "stream"),
        bad("stream_options without stream", key, utf8(CHAT + ",\"stream_options\":{\"include_usage\":true}}"), 400,
            "invalid_request", "only allowed when 'stream' is true"),
        bad("n out of range", key, utf8(CHAT + ",\"n\":100}"), 400, "invalid_request", "'n'"),
        bad("completion prompt missing", key, utf8("{\"model\":\"korean-qwen\"}"), 400, "invalid_request",
            "'prompt' is required", "/v1/completions"),
        bad("oversized body", key, utf8(CHAT.replace("안녕", "가".repeat(40_000)) + "}"), 413, "request_too_large",
            "larger than"))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void isRefusedClearlyAndChangesNothing(Bad bad) {
    WebTestClient admin = STACK.gateway().client().mutate()
        .defaultHeader("Authorization", "Bearer " + TestGateway.ADMIN_KEY).build();
    JsonNode before = admin.get().uri("/stats/dev1").exchange().expectBody(JsonNode.class).returnResult()
        .getResponseBody();
    JsonNode totalsBefore = admin.get().uri("/admin/statistics").exchange().expectBody(JsonNode.class).returnResult()
        .getResponseBody().path("today");
    long backendRequestsBefore = STACK.simulator().stats().path("requests").asLong();

    WebTestClient.RequestBodySpec request = STACK.gateway().client().post().uri(bad.path())
        .contentType(MediaType.APPLICATION_JSON);
    if (bad.authorization() != null) {
      request.header("Authorization", bad.authorization());
    }
    EntityExchangeResult<JsonNode> result = request.bodyValue(bad.body()).exchange()
        .expectBody(JsonNode.class).returnResult();

    assertThat(result.getStatus().value()).isEqualTo(bad.status());
    JsonNode error = result.getResponseBody().path("error");
    assertThat(error.path("code").asString()).isEqualTo(bad.code());
    assertThat(error.path("type").asString()).isNotBlank();
    assertThat(error.path("message").asString()).contains(bad.says());

    JsonNode after = admin.get().uri("/stats/dev1").exchange().expectBody(JsonNode.class).returnResult()
        .getResponseBody();
    assertThat(after.path("usage")).isEqualTo(before.path("usage"));
    assertThat(after.path("today")).isEqualTo(before.path("today"));
    assertThat(admin.get().uri("/admin/statistics").exchange().expectBody(JsonNode.class).returnResult()
        .getResponseBody().path("today")).isEqualTo(totalsBefore);
    assertThat(STACK.simulator().stats().path("requests").asLong()).isEqualTo(backendRequestsBefore);
  }
}
