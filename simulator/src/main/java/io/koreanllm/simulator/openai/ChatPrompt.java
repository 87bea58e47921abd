package io.koreanllm.simulator.openai;

import io.koreanllm.simulator.web.ApiError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A chat request turned into what vLLM hands its chat template, so the prompt is counted exactly as vLLM counts it
 * (vLLM's "string" content format, {@code vllm/entrypoints/chat_utils.py} and {@code serving_chat.py}):
 * <ul>
 *   <li>each message keeps {@code role}, {@code content}, {@code name}, an assistant's non-empty {@code tool_calls}
 *       and a tool's {@code tool_call_id}; other fields are dropped;
 *   <li>{@code content} becomes a string: null is empty, text parts are joined with "\n";
 *   <li>a tool call's {@code arguments}, a JSON string on the wire, becomes the object it encodes (empty when absent);
 *   <li>each tool is laid out as vLLM's pydantic model dumps it: {@code type}, then {@code function} with {@code name},
 *       {@code description} and {@code parameters} (null when absent) first;
 *   <li>{@code tools} and the {@code chat_template_kwargs} entries become template variables.
 * </ul>
 *
 * @param messages the messages for {@link io.koreanllm.tokenizer.ModelTokenizer#renderChat}
 * @param extraContext the further template variables
 * @param question the last user message's text, which the canned answer may quote
 */
record ChatPrompt(List<Map<String, Object>> messages, Map<String, Object> extraContext, String question) {

  /** Part types whose text vLLM keeps, and the field holding it. */
  private static final Map<String, String> TEXT_PARTS = Map.of("text", "text", "input_text", "text",
      "output_text", "text", "refusal", "refusal");
  /** The fields pydantic dumps first, in its order, null when the client left them out. */
  private static final List<String> FUNCTION_FIELDS = List.of("name", "description", "parameters");

  static ChatPrompt of(List<Map<String, Object>> messages, List<Map<String, Object>> tools,
      Map<String, Object> chatTemplateKwargs, JsonMapper json) {
    List<Map<String, Object>> rendered = new ArrayList<>();
    String question = "";
    for (Map<String, Object> message : messages) {
      Map<String, Object> copy = message(message, json);
      if ("user".equals(copy.get("role"))) {
        question = (String) copy.get("content");
      }
      rendered.add(copy);
    }
    Map<String, Object> extra = new LinkedHashMap<>();
    if (tools != null) {
      extra.put("tools", tools.stream().map(ChatPrompt::tool).toList());
    }
    if (chatTemplateKwargs != null) {
      extra.putAll(chatTemplateKwargs);
    }
    return new ChatPrompt(rendered, extra, question);
  }

  private static Map<String, Object> message(Map<String, Object> message, JsonMapper json) {
    if (message == null || !(message.get("role") instanceof String role)) {
      throw ApiError.badRequest("every message needs a string role", "messages");
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    copy.put("role", role);
    copy.put("content", content(message.get("content")));
    if (role.equals("assistant") && message.get("tool_calls") instanceof List<?> calls && !calls.isEmpty()) {
      copy.put("tool_calls", calls.stream().map(call -> toolCall(call, json)).toList());
    }
    if (role.equals("tool") && message.containsKey("tool_call_id")) {
      copy.put("tool_call_id", message.get("tool_call_id"));
    }
    if (message.get("name") instanceof String name) {
      copy.put("name", name);
    }
    return copy;
  }

  private static String content(Object content) {
    if (content == null) {
      return "";
    }
    if (content instanceof String text) {
      return text;
    }
    if (!(content instanceof List<?> parts)) {
      throw ApiError.badRequest("message content must be a string or a list of parts", "messages");
    }
    List<String> texts = new ArrayList<>();
    for (Object part : parts) {
      if (part instanceof String text) {
        texts.add(text);
      } else if (part instanceof Map<?, ?> map && TEXT_PARTS.containsKey(map.get("type"))) {
        if (map.get(TEXT_PARTS.get(map.get("type"))) instanceof String text) {
          texts.add(text);
        }
      } else {
        throw ApiError.badRequest("the simulator serves text models: only text content parts are supported", "messages");
      }
    }
    return String.join("\n", texts);
  }

  private static Map<String, Object> toolCall(Object call, JsonMapper json) {
    if (!(call instanceof Map<?, ?> fields) || !(fields.get("function") instanceof Map<?, ?> function)) {
      throw ApiError.badRequest("every tool call needs a function", "messages");
    }
    Map<String, Object> parsedFunction = copyOf(function);
    Object arguments = function.get("arguments");
    if (arguments == null || "".equals(arguments)) {
      parsedFunction.put("arguments", Map.of());
    } else if (arguments instanceof String text) {
      try {
        parsedFunction.put("arguments", json.readValue(text, Object.class));
      } catch (JacksonException e) {
        throw ApiError.badRequest("tool call arguments are not valid JSON: " + e.getOriginalMessage(), "messages");
      }
    }
    Map<String, Object> parsedCall = copyOf(fields);
    parsedCall.put("function", parsedFunction);
    return parsedCall;
  }

  private static Map<String, Object> tool(Map<String, Object> tool) {
    if (tool == null || !(tool.get("function") instanceof Map<?, ?> function)) {
      throw ApiError.badRequest("every tool needs a function", "tools");
    }
    Map<String, Object> canonicalFunction = new LinkedHashMap<>();
    FUNCTION_FIELDS.forEach(field -> canonicalFunction.put(field, function.get(field)));
    copyOf(function).forEach(canonicalFunction::putIfAbsent);
    Map<String, Object> canonical = new LinkedHashMap<>();
    canonical.put("type", tool.getOrDefault("type", "function"));
    canonical.put("function", canonicalFunction);
    tool.forEach(canonical::putIfAbsent);
    return canonical;
  }

  private static Map<String, Object> copyOf(Map<?, ?> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((key, value) -> copy.put(String.valueOf(key), value));
    return copy;
  }
}
