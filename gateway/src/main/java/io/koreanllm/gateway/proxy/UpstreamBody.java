package io.koreanllm.gateway.proxy;

import io.koreanllm.gateway.openai.OpenAiRequest;
import io.koreanllm.policy.ModelRoute;
import io.koreanllm.policy.PriorityClass;
import io.koreanllm.policy.SchedulingPolicy;
import tools.jackson.databind.node.ObjectNode;

/**
 * The client's body as the backend gets it: with the max_tokens reserved, asked to report usage, under the name the
 * server knows the model by, and — for a vLLM started with {@code --scheduling-policy priority} — with the user's
 * priority (lower runs first: interactive 0, batch 10).
 */
final class UpstreamBody {

  private UpstreamBody() {
  }

  static final int INTERACTIVE_PRIORITY = 0;
  static final int BATCH_PRIORITY = 10;

  static ObjectNode of(OpenAiRequest request, ModelRoute model, int maxTokens, PriorityClass priority) {
    ObjectNode body = request.body();
    body.put("model", model.upstreamModel());
    if (model.scheduling() == SchedulingPolicy.PRIORITY) {
      body.put("priority", priority == PriorityClass.BATCH ? BATCH_PRIORITY : INTERACTIVE_PRIORITY);
    }
    if (request.endpoint().generates() && (request.maxTokens() == null || request.maxTokens() != maxTokens)) {
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
