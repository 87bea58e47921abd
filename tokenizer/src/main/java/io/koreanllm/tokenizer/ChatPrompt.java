package io.koreanllm.tokenizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
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
 *   <li>{@code tools} and the {@code chat_template_kwargs} entries become template variables;
 *       {@code add_generation_prompt} defaults to true.
 * </ul>
 * The gateway and the simulator both count through this, so they cannot disagree.
 */
public record ChatPrompt(List<Map<String, Object>> messages, Map<String, Object> context,
    boolean addGenerationPrompt) {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  /** Part types whose text vLLM keeps, and the field holding it. */
  private static final Map<String, String> TEXT_PARTS = Map.of("text", "text", "input_text", "text",
      "output_text", "text", "refusal", "refusal");
  /** The fields pydantic dumps first, in its order, null when the client left them out. */
  private static final List<String> FUNCTION_FIELDS = List.of("name", "description", "parameters");

  /** From a chat completion request's JSON. */
  @SuppressWarnings("unchecked")
  public static ChatPrompt fromRequest(JsonNode request) {
    JsonNode flag = request.get("add_generation_prompt");
    return of(JSON.convertValue(request.path("messages"), List.class),
        request.path("tools").isArray() ? JSON.convertValue(request.get("tools"), List.class) : null,
        request.path("chat_template_kwargs").isObject()
            ? JSON.convertValue(request.get("chat_template_kwargs"), Map.class) : null,
        flag == null || !flag.isBoolean() || flag.asBoolean());
  }

  public static ChatPrompt of(List<Map<String, Object>> messages, List<Map<String, Object>> tools,
      Map<String, Object> chatTemplateKwargs, boolean addGenerationPrompt) {
    List<Map<String, Object>> rendered = new ArrayList<>();
    for (Map<String, Object> message : messages) {
      rendered.add(message(message));
    }
    Map<String, Object> context = new LinkedHashMap<>();
    if (tools != null && !tools.isEmpty()) {
      context.put("tools", tools.stream().map(ChatPrompt::tool).toList());
    }
    if (chatTemplateKwargs != null) {
      context.putAll(chatTemplateKwargs);
    }
    return new ChatPrompt(rendered, context, addGenerationPrompt);
  }

  /** The text of the last user message, or "" when there is none. */
  public String lastUserText() {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if ("user".equals(messages.get(i).get("role"))) {
        return (String) messages.get(i).get("content");
      }
    }
    return "";
  }

  public String render(ModelTokenizer tokenizer) {
    return tokenizer.renderChat(messages, context, addGenerationPrompt);
  }

  private static Map<String, Object> message(Map<String, Object> message) {
    if (message == null || !(message.get("role") instanceof String role)) {
      throw new ChatPromptException("every message needs a string role", "messages");
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    copy.put("role", role);
    copy.put("content", content(message.get("content")));
    if (role.equals("assistant") && message.get("tool_calls") instanceof List<?> calls && !calls.isEmpty()) {
      copy.put("tool_calls", calls.stream().map(ChatPrompt::toolCall).toList());
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
      throw new ChatPromptException("message content must be a string or a list of parts", "messages");
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
        throw new ChatPromptException("only text content parts are supported (text models)", "messages");
      }
    }
    return String.join("\n", texts);
  }

  private static Map<String, Object> toolCall(Object call) {
    if (!(call instanceof Map<?, ?> fields) || !(fields.get("function") instanceof Map<?, ?> function)) {
      throw new ChatPromptException("every tool call needs a function", "messages");
    }
    Map<String, Object> parsedFunction = copyOf(function);
    Object arguments = function.get("arguments");
    if (arguments == null || "".equals(arguments)) {
      parsedFunction.put("arguments", Map.of());
    } else if (arguments instanceof String text) {
      try {
        parsedFunction.put("arguments", JSON.readValue(text, Object.class));
      } catch (JacksonException e) {
        throw new ChatPromptException("tool call arguments are not valid JSON: " + e.getOriginalMessage(),
            "messages");
      }
    }
    Map<String, Object> parsedCall = copyOf(fields);
    parsedCall.put("function", parsedFunction);
    return parsedCall;
  }

  private static Map<String, Object> tool(Map<String, Object> tool) {
    if (tool == null || !(tool.get("function") instanceof Map<?, ?> function)) {
      throw new ChatPromptException("every tool needs a function", "tools");
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
