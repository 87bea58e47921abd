package io.koreanllm.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a chat template renders for an OpenAI chat request, built the way vLLM builds it: messages whose text parts
 * are joined with a newline, {@code tools} and the {@code chat_template_kwargs} entries as template variables, and
 * {@code add_generation_prompt} (default true). The gateway and the simulator both count through this, so they
 * cannot disagree.
 */
public record ChatPrompt(List<Map<String, Object>> messages, Map<String, Object> context,
    boolean addGenerationPrompt) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** @param request a chat completion request whose messages are already validated */
  @SuppressWarnings("unchecked")
  public static ChatPrompt fromRequest(JsonNode request) {
    List<Map<String, Object>> messages = new ArrayList<>();
    for (JsonNode message : request.path("messages")) {
      Map<String, Object> map = JSON.convertValue(message, LinkedHashMap.class);
      JsonNode content = message.get("content");
      if (content != null && content.isArray()) {
        List<String> texts = new ArrayList<>();
        content.forEach(part -> texts.add(part.path("text").asString("")));
        map.put("content", String.join("\n", texts));
      }
      messages.add(map);
    }
    Map<String, Object> context = new HashMap<>();
    JsonNode kwargs = request.get("chat_template_kwargs");
    if (kwargs != null && kwargs.isObject()) {
      context.putAll(JSON.convertValue(kwargs, LinkedHashMap.class));
    }
    JsonNode tools = request.get("tools");
    if (tools != null && tools.isArray() && !tools.isEmpty()) {
      context.put("tools", JSON.convertValue(tools, List.class));
    }
    JsonNode flag = request.get("add_generation_prompt");
    return new ChatPrompt(messages, context, flag == null || !flag.isBoolean() || flag.asBoolean());
  }

  public String render(ModelTokenizer tokenizer) {
    return tokenizer.renderChat(messages, context, addGenerationPrompt);
  }

  public int count(ModelTokenizer tokenizer) {
    return tokenizer.countChat(messages, context, addGenerationPrompt);
  }
}
