package io.koreanllm.gateway.proxy;

import static io.koreanllm.gateway.support.Requests.DEV1_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import io.koreanllm.gateway.openai.Endpoint;
import io.koreanllm.gateway.support.GatewayStack;
import io.koreanllm.gateway.support.TestGateway;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The model routes have two doors: served straight on Reactor Netty ({@link DirectModelRoutes}, the default) and,
 * when an operator turns Spring's HTTP observations on, through WebFlux behind the security chain. A client cannot
 * tell them apart: every request below gets the same status, the same body and the same headers through either,
 * and is recorded the same way.
 */
class ModelRouteDoorsTest {

  @RegisterExtension
  static final GatewayStack DIRECT = GatewayStack.withShippedUsers();

  @RegisterExtension
  static final GatewayStack WEBFLUX = GatewayStack.withShippedUsers(
      "--management.observations.enable.http.server.requests=true");

  private static final String CHAT = "{\"model\":\"korean-qwen\",\"max_tokens\":3,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"안녕하세요\"}]}";
  private static final String USER = "Bearer " + DEV1_KEY;
  /** Headers that differ between any two answers: when, and which request. */
  private static final Set<String> CHANGING = Set.of("date", "x-request-id", "x-ratelimit-reset-requests",
      "x-ratelimit-reset-tokens", "x-ratelimit-remaining-requests", "x-ratelimit-remaining-tokens");

  record Call(String name, HttpMethod method, String uri, String authorization, String body) {
  }

  private static final List<Call> CALLS = List.of(
      new Call("no key", HttpMethod.POST, "/v1/chat/completions", null, CHAT),
      new Call("wrong key", HttpMethod.POST, "/v1/chat/completions", "Bearer sk-not-a-key", CHAT),
      new Call("not a bearer", HttpMethod.POST, "/v1/completions", "Basic abc", CHAT),
      new Call("the admin key", HttpMethod.POST, "/v1/embeddings", "Bearer " + TestGateway.ADMIN_KEY,
          "{\"model\":\"korean-qwen\",\"input\":\"안녕\"}"),
      new Call("key in the query", HttpMethod.POST, "/v1/chat/completions?api_key=x", USER, CHAT),
      new Call("malformed JSON", HttpMethod.POST, "/v1/chat/completions", USER, "{\"model\":"),
      new Call("unknown model", HttpMethod.POST, "/v1/chat/completions", USER, CHAT.replace("korean-qwen", "gpt-9")),
      new Call("GET", HttpMethod.GET, "/v1/chat/completions", USER, null),
      new Call("trailing slash", HttpMethod.POST, "/v1/chat/completions/", USER, CHAT),
      new Call("answered", HttpMethod.POST, "/v1/chat/completions?trace=1", USER, CHAT),
      new Call("embedded", HttpMethod.POST, "/v1/embeddings", USER, "{\"model\":\"korean-qwen\",\"input\":\"안녕\"}"));

  @Test
  void bothDoorsAnswerEveryRequestAlike() {
    List<String> direct = new ArrayList<>();
    List<String> webflux = new ArrayList<>();
    for (Call call : CALLS) {
      direct.add(call.name() + " -> " + answer(DIRECT.gateway().client(), call));
      webflux.add(call.name() + " -> " + answer(WEBFLUX.gateway().client(), call));
    }
    assertThat(direct).isEqualTo(webflux);
    assertThat(direct).anyMatch(line -> line.startsWith("answered -> 200"))
        .anyMatch(line -> line.startsWith("no key -> 401"));
    // The five refused before a user was known: no key, wrong key, not a bearer, the admin key, a key in the query.
    assertThat(recorded(DIRECT)).isEqualTo(recorded(WEBFLUX))
        .anyMatch(line -> line.endsWith("outcome=\"refused\",user=\"unknown\"} 5.0"));
  }

  @Test
  void theDirectDoorIsTheDefaultAndStepsAsideForObservations() {
    assertThat(DIRECT.gateway().context().getBeansOfType(NettyRouteProvider.class).values())
        .hasOnlyElementsOfType(DirectModelRoutes.class).hasSize(1);
    assertThat(WEBFLUX.gateway().context().getBeansOfType(NettyRouteProvider.class)).isEmpty();
  }

  @Test
  void takesOnlyAPostToAModelPathAsWritten() {
    assertThat(DirectModelRoutes.endpoint("POST", "/v1/chat/completions")).contains(Endpoint.CHAT_COMPLETIONS);
    assertThat(DirectModelRoutes.endpoint("POST", "/v1/completions?x=1")).contains(Endpoint.COMPLETIONS);
    assertThat(DirectModelRoutes.endpoint("POST", "/v1/embeddings")).contains(Endpoint.EMBEDDINGS);
    for (String uri : List.of("/v1/chat/completions/", "/v1/chat%2Fcompletions", "/v1//completions",
        "http://gateway/v1/completions", "/v1/models", "/v1/chat/completionsX", "/V1/embeddings")) {
      assertThat(DirectModelRoutes.endpoint("POST", uri)).as(uri).isEqualTo(Optional.empty());
    }
    assertThat(DirectModelRoutes.endpoint("GET", "/v1/chat/completions")).isEmpty();
    assertThat(DirectModelRoutes.endpoint("PUT", "/v1/chat/completions")).isEmpty();
  }

  /** Status, body (generated text and ids aside) and the headers that do not change from one answer to the next. */
  private static String answer(WebTestClient client, Call call) {
    var request = client.method(call.method()).uri(call.uri());
    if (call.authorization() != null) {
      request.header("Authorization", call.authorization());
    }
    if (call.body() != null) {
      request.contentType(MediaType.APPLICATION_JSON).bodyValue(call.body());
    }
    EntityExchangeResult<byte[]> result = request.exchange().expectBody().returnResult();
    String body = result.getResponseBodyContent() == null ? ""
        : new String(result.getResponseBodyContent(), StandardCharsets.UTF_8);
    TreeSet<String> headers = new TreeSet<>();
    result.getResponseHeaders().forEach((name, values) -> headers.add(
        CHANGING.contains(name.toLowerCase()) ? name.toLowerCase() : name.toLowerCase() + ": " + values));
    boolean answered = result.getStatus().is2xxSuccessful();
    return result.getStatus().value() + " " + headers + " " + (answered ? body.length() > 0 : body);
  }

  /** The refusals and completions the gateway counted, as its metrics show them. */
  private static List<String> recorded(GatewayStack stack) {
    String scrape = stack.gateway().client().get().uri("/actuator/prometheus").exchange().expectBody(String.class)
        .returnResult().getResponseBody();
    return scrape.lines().filter(line -> line.startsWith("koreanllm_requests_total")).sorted().toList();
  }
}
