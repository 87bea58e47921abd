package io.koreanllm.simulator.web;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads request bodies as JSON objects, refusing anything else with a 400 as vLLM refuses a body it cannot parse. */
@Component
public class JsonBodies {

  private final JsonMapper json;

  public JsonBodies(JsonMapper json) {
    this.json = json;
  }

  /** The body as received and as a tree; a body that is not a JSON object is a 400. */
  public Mono<JsonBody> read(ServerRequest request) {
    return request.bodyToMono(String.class).defaultIfEmpty("").map(text -> {
      JsonNode tree;
      try {
        tree = json.readTree(text);
      } catch (JacksonException e) {
        throw ApiError.invalidField("request body is not valid JSON: " + e.getOriginalMessage(), null);
      }
      if (tree == null || !tree.isObject()) {
        throw ApiError.invalidField("request body must be a JSON object", null);
      }
      return new JsonBody(text, tree);
    });
  }

  /** A request body: the exact text received and its parsed form. */
  public record JsonBody(String text, JsonNode tree) {}
}
