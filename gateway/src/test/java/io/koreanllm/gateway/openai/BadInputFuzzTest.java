package io.koreanllm.gateway.openai;

import static io.koreanllm.gateway.support.Requests.DEV1_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import io.koreanllm.gateway.support.MutableClock;
import io.koreanllm.gateway.support.Simulator;
import io.koreanllm.gateway.support.TestGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.text.Normalizer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Property-based fuzzing of the request path: whatever bytes, fields, values and query strings a client sends, the
 * gateway never answers 5xx; every refusal is an OpenAI-style error that says something; and a refused request
 * changes no counter.
 */
class BadInputFuzzTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static Simulator simulator;
  private static TestGateway gateway;
  private static WebTestClient admin;

  @BeforeContainer
  static void start() throws Exception {
    simulator = new Simulator();
    gateway = TestGateway.start(Files.createTempDirectory("fuzz"), simulator.url(), TestGateway.SHIPPED_USERS,
        new MutableClock(TestGateway.START), "--koreanllm.max-body-size=32KB");
    admin = gateway.client().mutate().defaultHeader("Authorization", "Bearer " + TestGateway.ADMIN_KEY).build();
  }

  @AfterContainer
  static void stop() {
    gateway.close();
    simulator.close();
  }

  /** A value of any JSON type, including the awkward ones. */
  @Provide
  Arbitrary<Object> anyValue() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(40).map(s -> (Object) s),
        Arbitraries.strings().withCharRange('가', '힣').ofMaxLength(20)
            .map(s -> (Object) Normalizer.normalize(s, Normalizer.Form.NFD)),
        Arbitraries.longs().map(n -> (Object) n),
        Arbitraries.of(0, -1, Integer.MAX_VALUE, Long.MAX_VALUE, 1e308, -0.5, 3.7).map(n -> (Object) n),
        Arbitraries.of(true, false).map(b -> (Object) b),
        Arbitraries.just(null),
        Arbitraries.just(List.of()),
        Arbitraries.just(java.util.Map.of("nested", java.util.Map.of("deeper", List.of(1, "x")))));
  }

  @Provide
  Arbitrary<byte[]> bodies() {
    Arbitrary<String> field = Arbitraries.of("model", "messages", "prompt", "max_tokens", "max_completion_tokens",
        "stream", "stream_options", "n", "temperature", "tools", "chat_template_kwargs", "unknown_field");
    Arbitrary<String> mutated = Combinators.combine(field, anyValue()).as((name, value) -> {
      java.util.Map<String, Object> body = new java.util.LinkedHashMap<>(java.util.Map.of("model", "korean-qwen",
          "max_tokens", 8, "messages", List.of(java.util.Map.of("role", "user", "content", "안녕하세요"))));
      body.put(name, value);
      return JSON.writeValueAsString(body);
    });
    Arbitrary<byte[]> truncated = mutated.flatMap(text -> Arbitraries.integers().between(0, text.length())
        .map(cut -> text.substring(0, cut).getBytes(StandardCharsets.UTF_8)));
    Arbitrary<byte[]> randomBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
    Arbitrary<byte[]> deep = Arbitraries.integers().between(100, 3000)
        .map(depth -> ("{\"model\":\"korean-qwen\",\"messages\":" + "[".repeat(depth) + "]".repeat(depth) + "}")
            .getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> surrogates = Arbitraries.of("\\ud800", "\\udfff", "\\ud83d", "a\\udc00b").map(escaped ->
        ("{\"model\":\"korean-qwen\",\"messages\":[{\"role\":\"user\",\"content\":\"" + escaped + "\"}]}")
            .getBytes(StandardCharsets.UTF_8));
    return Arbitraries.oneOf(mutated.map(text -> text.getBytes(StandardCharsets.UTF_8)), truncated, randomBytes,
        deep, surrogates);
  }

  @Provide
  Arbitrary<String> queries() {
    return Arbitraries.oneOf(Arbitraries.just(""),
        Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(10).map(name -> "?" + name + "=1"),
        Arbitraries.of("?api_key=" + DEV1_KEY, "?key=abc", "?token=x&stream=true"));
  }

  @Property(tries = 300)
  void neverA5xxAlwaysAClearErrorAndRefusalsChangeNothing(@ForAll("bodies") byte[] body,
      @ForAll("queries") String query) {
    JsonNode before = stats();
    EntityExchangeResult<byte[]> result = gateway.client().post().uri("/v1/chat/completions" + query)
        .header("Authorization", "Bearer " + DEV1_KEY).contentType(MediaType.APPLICATION_JSON).bodyValue(body)
        .exchange().expectBody().returnResult();
    int status = result.getStatus().value();

    assertThat(status).as("answer to %s", new String(body, StandardCharsets.UTF_8)).isLessThan(500);
    if (status >= 400) {
      JsonNode error = JSON.readTree(result.getResponseBodyContent()).path("error");
      assertThat(error.path("message").asString()).isNotBlank();
      assertThat(error.path("type").asString()).isNotBlank();
      JsonNode after = stats();
      assertThat(after.path("usage")).isEqualTo(before.path("usage"));
      assertThat(after.path("today")).isEqualTo(before.path("today"));
    }
  }

  private static JsonNode stats() {
    return admin.get().uri("/stats/dev1").exchange().expectBody(JsonNode.class).returnResult().getResponseBody();
  }
}
