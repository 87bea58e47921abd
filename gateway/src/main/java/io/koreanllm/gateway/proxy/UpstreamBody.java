package io.koreanllm.gateway.proxy;

import io.koreanllm.gateway.openai.OpenAiRequest;
import tools.jackson.databind.node.ObjectNode;

/** The client's body as the backend gets it: with the max_tokens reserved, and asked to report usage. */
final class UpstreamBody {

  private UpstreamBody() {
  }

  static ObjectNode of(OpenAiRequest request, int maxTokens) {
    ObjectNode body = request.body();
    if (request.maxTokens() == null || request.maxTokens() != maxTokens) {
      body.put(body.has("max_completion_tokens") && !body.has("max_tokens") ? "max_completion_tokens" : "max_tokens",
          maxTokens);
    }
    if (request.stream()) {
      ObjectNode options = body.has("stream_options") && body.get("stream_options").isObject()
          ? (ObjectNode) body.get("stream_options") : body.putObject("stream_options");
      options.put("include_usage", true);
    }
    return body;
  }
}
