package io.koreanllm.gateway.openai;

import static io.koreanllm.gateway.support.Requests.DEV1_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import io.koreanllm.gateway.http.GatewayHeaders;
import io.koreanllm.gateway.support.GatewayStack;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import tools.jackson.databind.JsonNode;

/**
 * Every sampling and output parameter vLLM would refuse, refused before admission: a 400 whose error names the
 * parameter, and nothing counted — the rate-limit headers of the user's next request are those the previous one
 * left, as if the bad request had never come, and the backend never saw it. A body that is not JSON by its
 * Content-Type is refused the same way.
 */
class BadParametersTest {

  private static final String CHAT_START = "{\"model\":\"korean-qwen\",\"max_tokens\":20,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"안녕하세요\"}]";
  private static final String COMPLETION_START = "{\"model\":\"korean-qwen\",\"max_tokens\":20,\"prompt\":\"안녕\"";

  @RegisterExtension
  static final GatewayStack STACK = GatewayStack.withShippedUsers();

  @BeforeEach
  void freshMinute() {
    STACK.freshMinute();
  }

  static Stream<Arguments> badParameters() {
    return Stream.of(
        chat("temperature", "\"temperature\": -0.5"),
        chat("temperature", "\"temperature\": \"hot\""),
        chat("top_p", "\"top_p\": 0"),
        chat("top_p", "\"top_p\": 1.5"),
        chat("top_k", "\"top_k\": -2"),
        chat("top_k", "\"top_k\": 2.5"),
        chat("min_p", "\"min_p\": 2"),
        chat("n", "\"n\": 0"),
        chat("presence_penalty", "\"presence_penalty\": 3"),
        chat("frequency_penalty", "\"frequency_penalty\": -2.5"),
        chat("repetition_penalty", "\"repetition_penalty\": 0"),
        chat("seed", "\"seed\": 1.5"),
        chat("seed", "\"seed\": \"42\""),
        chat("stop", "\"stop\": 7"),
        chat("stop", "\"stop\": [\"끝\", 3]"),
        chat("logprobs", "\"logprobs\": \"yes\""),
        chat("top_logprobs", "\"logprobs\": true, \"top_logprobs\": 21"),
        chat("top_logprobs", "\"top_logprobs\": 3"),
        chat("response_format", "\"response_format\": {\"type\": \"xml\"}"),
        chat("response_format", "\"response_format\": \"json\""),
        chat("response_format", "\"response_format\": {\"type\": \"json_schema\"}"),
        chat("tools", "\"tools\": {\"type\": \"function\"}"),
        chat("tools[0]", "\"tools\": [{\"type\": \"retrieval\"}]"),
        chat("tools[0].function", "\"tools\": [{\"type\": \"function\", \"function\": {\"description\": \"x\"}}]"),
        chat("tool_choice", "\"tool_choice\": \"sometimes\""),
        chat("tool_choice", "\"tool_choice\": \"required\""),
        chat("user", "\"user\": 12345"),
        chat("stream_options", "\"stream_options\": {\"include_usage\": true}"),
        completion("logprobs", "\"logprobs\": 25"),
        completion("echo", "\"echo\": \"yes\""));
  }

  private static Arguments chat(String param, String field) {
    return Arguments.of(param, "/v1/chat/completions", CHAT_START + ", " + field + "}");
  }

  private static Arguments completion(String param, String field) {
    return Arguments.of(param, "/v1/completions", COMPLETION_START + ", " + field + "}");
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("badParameters")
  void isRefusedNamingTheParameterAndChangesNothing(String param, String path, String body) {
    EntityExchangeResult<JsonNode> before = send("/v1/chat/completions", CHAT_START + "}", MediaType.APPLICATION_JSON);
    assertThat(before.getStatus().value()).isEqualTo(200);
    long backendRequests = STACK.simulator().stats().path("requests").asLong();

    EntityExchangeResult<JsonNode> bad = send(path, body, MediaType.APPLICATION_JSON);
    assertThat(bad.getStatus().value()).isEqualTo(400);
    JsonNode error = bad.getResponseBody().path("error");
    assertThat(error.path("param").asString()).isEqualTo(param);
    assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
    assertThat(error.path("message").asString()).contains(param.replaceAll("\\[.*", ""));
    assertThat(STACK.simulator().stats().path("requests").asLong()).as("the backend never saw it")
        .isEqualTo(backendRequests);

    assertNothingCountedSince(before);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notJson")
  void aBodyThatIsNotJsonByItsContentTypeIsRefused(String name, MediaType type) {
    EntityExchangeResult<JsonNode> before = send("/v1/chat/completions", CHAT_START + "}", MediaType.APPLICATION_JSON);
    EntityExchangeResult<JsonNode> bad = send("/v1/chat/completions", CHAT_START + "}", type);
    assertThat(bad.getStatus().value()).isEqualTo(400);
    assertThat(bad.getResponseBody().path("error").path("code").asString()).isEqualTo("content_type");
    assertThat(bad.getResponseBody().path("error").path("message").asString()).contains("application/json");
    assertNothingCountedSince(before);
  }

  static Stream<Arguments> notJson() {
    return Stream.of(Arguments.of("form", MediaType.APPLICATION_FORM_URLENCODED),
        Arguments.of("text", MediaType.TEXT_PLAIN), Arguments.of("none", null));
  }

  /** A compressed body is refused for what it is, not as broken UTF-8, and the backend never sees it. */
  @Test
  void aCompressedBodyIsRefusedAsUnsupported() throws Exception {
    EntityExchangeResult<JsonNode> before = send("/v1/chat/completions", CHAT_START + "}", MediaType.APPLICATION_JSON);
    long backendRequests = STACK.simulator().stats().path("requests").asLong();
    ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
      out.write((CHAT_START + "}").getBytes(StandardCharsets.UTF_8));
    }

    EntityExchangeResult<JsonNode> bad = STACK.gateway().client().post().uri("/v1/chat/completions")
        .header("Authorization", "Bearer " + DEV1_KEY).contentType(MediaType.APPLICATION_JSON)
        .header(HttpHeaders.CONTENT_ENCODING, "gzip").bodyValue(gzipped.toByteArray())
        .exchange().expectBody(JsonNode.class).returnResult();
    assertThat(bad.getStatus().value()).isEqualTo(415);
    assertThat(bad.getResponseHeaders().getFirst(HttpHeaders.ACCEPT_ENCODING)).isEqualTo("identity");
    JsonNode error = bad.getResponseBody().path("error");
    assertThat(error.path("code").asString()).isEqualTo("unsupported_content_encoding");
    assertThat(error.path("message").asString()).contains("gzip");
    assertThat(STACK.simulator().stats().path("requests").asLong()).as("the backend never saw it")
        .isEqualTo(backendRequests);
    assertNothingCountedSince(before);
  }

  /**
   * The next good request's headers equal what they would be had nothing come between: two identical requests
   * reserve the same, so the second leaves one request less, and the first's settled usage less, than the first did.
   */
  private static void assertNothingCountedSince(EntityExchangeResult<JsonNode> before) {
    EntityExchangeResult<JsonNode> after = send("/v1/chat/completions", CHAT_START + "}", MediaType.APPLICATION_JSON);
    HttpHeaders first = before.getResponseHeaders();
    HttpHeaders next = after.getResponseHeaders();
    long used = before.getResponseBody().path("usage").path("total_tokens").asLong();
    assertThat(remaining(next, GatewayHeaders.REMAINING_REQUESTS))
        .isEqualTo(remaining(first, GatewayHeaders.REMAINING_REQUESTS) - 1);
    assertThat(remaining(next, GatewayHeaders.REMAINING_TOKENS))
        .isEqualTo(remaining(first, GatewayHeaders.REMAINING_TOKENS) - used);
  }

  private static long remaining(HttpHeaders headers, String name) {
    return Long.parseLong(headers.getFirst(name));
  }

  private static EntityExchangeResult<JsonNode> send(String path, String body, MediaType type) {
    var request = STACK.gateway().client().post().uri(path).header("Authorization", "Bearer " + DEV1_KEY);
    if (type != null) {
      request.contentType(type);
    }
    return request.bodyValue(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).exchange()
        .expectBody(JsonNode.class).returnResult();
  }
}
