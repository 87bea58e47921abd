package io.koreanllm.gateway.openai;

import io.koreanllm.gateway.http.ApiError;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sampling and output parameters of a request, checked with the types and ranges vLLM enforces
 * ({@code SamplingParams._verify_args} and its OpenAI protocol models), so that a request the backend would refuse
 * is refused before it is counted against anyone: a 400 naming the parameter. Parameters the gateway does not know
 * go to the backend untouched.
 */
final class GenerationParameters {

  private static final Set<String> RESPONSE_FORMATS = Set.of("text", "json_object", "json_schema");
  private static final Set<String> TOOL_CHOICES = Set.of("none", "auto", "required");
  /** vLLM's default {@code --max-logprobs}. */
  static final int MAX_LOGPROBS = 20;

  private GenerationParameters() {
  }

  static void check(ObjectNode body, Endpoint endpoint) {
    number(body, "temperature", 0, Double.MAX_VALUE, "must be ≥ 0");
    number(body, "top_p", Math.ulp(0.0), 1, "must be in (0, 1]");
    number(body, "min_p", 0, 1, "must be in [0, 1]");
    number(body, "presence_penalty", -2, 2, "must be in [-2, 2]");
    number(body, "frequency_penalty", -2, 2, "must be in [-2, 2]");
    number(body, "repetition_penalty", Math.ulp(0.0), Double.MAX_VALUE, "must be > 0");
    topK(body);
    wholeNumber(body, "seed", Long.MIN_VALUE, Long.MAX_VALUE, "must be a whole number");
    wholeNumber(body, "min_tokens", 0, Integer.MAX_VALUE, "must be a whole number ≥ 0");
    stop(body);
    string(body, "user");
    if (endpoint == Endpoint.CHAT_COMPLETIONS) {
      chatLogprobs(body);
      responseFormat(body.get("response_format"));
      tools(body.get("tools"));
      toolChoice(body.get("tool_choice"), body.has("tools") && !body.get("tools").isNull());
    } else {
      wholeNumber(body, "logprobs", 0, MAX_LOGPROBS, "must be a whole number from 0 to " + MAX_LOGPROBS);
      bool(body, "echo");
    }
  }

  private static void number(ObjectNode body, String name, double min, double max, String range) {
    JsonNode value = body.get(name);
    if (value == null || value.isNull()) {
      return;
    }
    if (!value.isNumber() || value.asDouble() < min || value.asDouble() > max || Double.isNaN(value.asDouble())) {
      throw invalid(name, "'" + name + "' " + range + " (was " + value + ").");
    }
  }

  private static void wholeNumber(ObjectNode body, String name, long min, long max, String range) {
    JsonNode value = body.get(name);
    if (value == null || value.isNull()) {
      return;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
      throw invalid(name, "'" + name + "' " + range + " (was " + value + ").");
    }
  }

  /** -1 or 0 turn top-k off; otherwise at least 1. */
  private static void topK(ObjectNode body) {
    wholeNumber(body, "top_k", -1, Integer.MAX_VALUE, "must be -1 or 0 (off), or a whole number ≥ 1");
  }

  private static void stop(ObjectNode body) {
    JsonNode stop = body.get("stop");
    if (stop == null || stop.isNull() || stop.isString()) {
      return;
    }
    if (!stop.isArray()) {
      throw invalid("stop", "'stop' must be a string or an array of strings (was " + stop + ").");
    }
    for (JsonNode sequence : stop) {
      if (!sequence.isString()) {
        throw invalid("stop", "'stop' must be a string or an array of strings; " + sequence + " is not a string.");
      }
    }
  }

  private static void string(ObjectNode body, String name) {
    JsonNode value = body.get(name);
    if (value != null && !value.isNull() && !value.isString()) {
      throw invalid(name, "'" + name + "' must be a string (was " + value + ").");
    }
  }

  private static void bool(ObjectNode body, String name) {
    JsonNode value = body.get(name);
    if (value != null && !value.isNull() && !value.isBoolean()) {
      throw invalid(name, "'" + name + "' must be true or false (was " + value + ").");
    }
  }

  /** Chat: {@code logprobs} is a switch; {@code top_logprobs} 0–20 needs it on. */
  private static void chatLogprobs(ObjectNode body) {
    bool(body, "logprobs");
    wholeNumber(body, "top_logprobs", 0, MAX_LOGPROBS, "must be a whole number from 0 to " + MAX_LOGPROBS);
    JsonNode top = body.get("top_logprobs");
    if (top != null && !top.isNull() && top.asInt() > 0 && !body.path("logprobs").asBoolean(false)) {
      throw invalid("top_logprobs", "'top_logprobs' needs 'logprobs': true.");
    }
  }

  private static void responseFormat(JsonNode format) {
    if (format == null || format.isNull()) {
      return;
    }
    String type = format.path("type").asString(null);
    if (!format.isObject() || type == null || !RESPONSE_FORMATS.contains(type)) {
      throw invalid("response_format", "'response_format' must be an object whose 'type' is one of "
          + RESPONSE_FORMATS + " (was " + format + ").");
    }
    if (type.equals("json_schema")) {
      JsonNode schema = format.get("json_schema");
      if (schema == null || !schema.isObject() || !schema.path("name").isString()) {
        throw invalid("response_format", "'response_format.json_schema' must be an object with a 'name' and "
            + "a 'schema'.");
      }
    }
  }

  private static void tools(JsonNode tools) {
    if (tools == null || tools.isNull()) {
      return;
    }
    if (!tools.isArray()) {
      throw invalid("tools", "'tools' must be an array of {\"type\": \"function\", \"function\": {…}}.");
    }
    for (int i = 0; i < tools.size(); i++) {
      JsonNode tool = tools.get(i);
      String at = "tools[" + i + "]";
      if (!tool.isObject() || !"function".equals(tool.path("type").asString(null))) {
        throw invalid(at, "'" + at + "' must be {\"type\": \"function\", \"function\": {…}}.");
      }
      JsonNode function = tool.get("function");
      if (function == null || !function.isObject() || !function.path("name").isString()
          || function.path("name").asString().isBlank()) {
        throw invalid(at + ".function", "'" + at + ".function' must be an object with a non-empty 'name'.");
      }
      JsonNode parameters = function.get("parameters");
      if (parameters != null && !parameters.isNull() && !parameters.isObject()) {
        throw invalid(at + ".function.parameters", "'" + at + ".function.parameters' must be a JSON Schema object.");
      }
    }
  }

  private static void toolChoice(JsonNode choice, boolean hasTools) {
    if (choice == null || choice.isNull()) {
      return;
    }
    if (choice.isString()) {
      if (!TOOL_CHOICES.contains(choice.asString())) {
        throw invalid("tool_choice", "'tool_choice' must be one of " + TOOL_CHOICES
            + " or {\"type\": \"function\", \"function\": {\"name\": …}} (was " + choice + ").");
      }
      if (!hasTools && !choice.asString().equals("none")) {
        throw invalid("tool_choice", "'tool_choice' " + choice + " needs 'tools'.");
      }
      return;
    }
    if (!choice.isObject() || !"function".equals(choice.path("type").asString(null))
        || !choice.path("function").path("name").isString()) {
      throw invalid("tool_choice", "'tool_choice' must be one of " + TOOL_CHOICES
          + " or {\"type\": \"function\", \"function\": {\"name\": …}} (was " + choice + ").");
    }
    if (!hasTools) {
      throw invalid("tool_choice", "'tool_choice' names a function but the request has no 'tools'.");
    }
  }

  private static ApiError invalid(String param, String message) {
    return ApiError.invalidRequest(param, message);
  }
}
