package io.koreanllm.gateway.parity;

import io.koreanllm.gateway.http.ProbeClients;
import io.koreanllm.policy.ModelRoute;
import io.netty.handler.timeout.ReadTimeoutException;
import java.time.Duration;
import java.util.Set;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Asks a model's backend how many prompt tokens a probe conversation is: vLLM's {@code POST /tokenize} with the
 * messages, or, where the server has no such route (SGLang, other OpenAI-compatible servers: 404, 405 or 501), a
 * one-token chat completion's {@code usage.prompt_tokens}. Both go straight to the backend, never through the model
 * routes, so no user is charged; both carry {@code x-koreanllm-probe: parity} so the server's logs can tell them.
 */
@Component
class BackendCounter {

  static final String PROBE_HEADER = "x-koreanllm-probe";
  /** What a server answers for a route it does not serve. */
  private static final Set<Integer> NO_ROUTE = Set.of(404, 405, 501);
  /** Enough of a refusal's body to say why, little enough for a log line and /health. */
  private static final int MAX_BODY_CHARS = 200;

  /** A count's answer is a few hundred bytes; a backend answering far more is not answering the probe. */
  private static final int MAX_ANSWER_BYTES = 256 * 1024;

  private final WebClient client;
  private final JsonMapper json;
  private final Duration timeout;

  BackendCounter(JsonMapper json, ParityProperties properties) {
    this.json = json;
    this.timeout = properties.timeout();
    this.client = ProbeClients.create(timeout, MAX_ANSWER_BYTES);
  }

  Mono<BackendCount> count(ModelRoute model, ProbeConversation conversation) {
    ObjectNode tokenize = conversation.request(model.upstreamModel()).put("add_generation_prompt", true);
    return post(model, "/tokenize", tokenize).flatMap(answer -> NO_ROUTE.contains(answer.status())
        ? chatCompletion(model, conversation)
        : Mono.just(new BackendCount(tokens(answer, "/count"), CountingMethod.TOKENIZE)));
  }

  private Mono<BackendCount> chatCompletion(ModelRoute model, ProbeConversation conversation) {
    ObjectNode request = conversation.request(model.upstreamModel()).put("max_tokens", 1).put("stream", false);
    return post(model, "/v1/chat/completions", request)
        .map(answer -> new BackendCount(tokens(answer, "/usage/prompt_tokens"), CountingMethod.CHAT_COMPLETION));
  }

  private Mono<Answer> post(ModelRoute model, String path, ObjectNode body) {
    return client.post().uri(model.backend() + path)
        .contentType(MediaType.APPLICATION_JSON)
        .header(PROBE_HEADER, "parity")
        .bodyValue(json.writeValueAsString(body))
        .exchangeToMono(response -> response.bodyToMono(String.class).defaultIfEmpty("")
            .map(text -> new Answer(path, response.statusCode().value(), text)))
        .onErrorMap(e -> !(e instanceof ProbeFailure), e -> new ProbeFailure(
            NestedExceptionUtils.getRootCause(e) instanceof ReadTimeoutException
                ? "the backend did not answer POST " + path + " within " + timeout.toSeconds() + " s"
                : "the backend is unreachable (POST " + path + "): " + e.getMessage()));
  }

  private int tokens(Answer answer, String pointer) {
    JsonNode count = null;
    try {
      count = json.readTree(answer.body()).at(pointer);
    } catch (JacksonException e) {
      // not JSON: told below with the body
    }
    if (answer.status() / 100 != 2 || count == null || !count.isInt()) {
      String body = answer.body().length() > MAX_BODY_CHARS
          ? answer.body().substring(0, MAX_BODY_CHARS) + "…" : answer.body();
      throw new ProbeFailure("the backend answered " + answer.status() + " to POST " + answer.path()
          + " without a count at " + pointer + ": " + body.strip());
    }
    return count.asInt();
  }

  private record Answer(String path, int status, String body) {
  }
}
