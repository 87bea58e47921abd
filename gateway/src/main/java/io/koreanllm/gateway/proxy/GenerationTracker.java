package io.koreanllm.gateway.proxy;

import io.koreanllm.gateway.observe.RequestTrace;
import io.koreanllm.gateway.usage.Usage;
import tools.jackson.databind.JsonNode;

/**
 * What the backend has produced for one request so far: the usage it reported, if any, and the text it generated,
 * so that an answer without usage (a broken stream, a client gone) can still be counted.
 */
final class GenerationTracker {

  private final StringBuilder generated = new StringBuilder();
  private final RequestTrace trace;
  private volatile Usage reported;

  GenerationTracker(RequestTrace trace) {
    this.trace = trace;
  }

  Usage reported() {
    return reported;
  }

  synchronized String generatedText() {
    return generated.toString();
  }

  /** Reads a whole answer or one stream chunk (chat or completion, plain or streamed). */
  synchronized void observe(JsonNode json) {
    JsonNode usage = json.get("usage");
    if (usage != null && usage.isObject()) {
      reported = new Usage(usage.path("prompt_tokens").asLong(0), usage.path("completion_tokens").asLong(0));
    }
    for (JsonNode choice : json.path("choices")) {
      append(choice.path("text"));
      for (String part : new String[] {"delta", "message"}) {
        JsonNode message = choice.path(part);
        append(message.path("reasoning_content"));
        append(message.path("content"));
        for (JsonNode call : message.path("tool_calls")) {
          append(call.path("function").path("name"));
          append(call.path("function").path("arguments"));
        }
      }
    }
  }

  private void append(JsonNode text) {
    if (text.isString() && !text.asString().isEmpty()) {
      generated.append(text.asString());
      trace.firstToken();
    }
  }
}
