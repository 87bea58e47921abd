package io.koreanllm.simulator.openai;

import io.koreanllm.simulator.web.ApiError;
import io.koreanllm.simulator.web.LaxFields;
import io.koreanllm.tokenizer.ChatPrompt;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a chat request (a chat completion, or {@code /tokenize} with messages) hands the chat template, read and checked
 * as vLLM does: the messages, the tools, {@code chat_template_kwargs}, {@code add_generation_prompt} (true unless set
 * false) and {@code add_special_tokens} (false unless set: the template writes them). A request's own
 * {@code chat_template} is refused, as by a server without {@code --trust-request-chat-template}.
 */
record ChatInput(List<Map<String, Object>> messages, List<Map<String, Object>> tools,
    Map<String, Object> chatTemplateKwargs, boolean addGenerationPrompt, boolean addSpecialTokens) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Null when the request has no {@code messages}. */
  @SuppressWarnings("unchecked")
  static ChatInput read(LaxFields fields) {
    List<LaxFields> messages = fields.objects("messages");
    if (messages == null) {
      return null;
    }
    if (messages.isEmpty()) {
      throw ApiError.badRequest("messages must be a non-empty list", "messages");
    }
    fields.bool("continue_final_message");
    // vLLM's validator reads the raw values: add_generation_prompt left out does not conflict.
    if (GenerationOptions.truthy(fields.raw("continue_final_message"))
        && GenerationOptions.truthy(fields.raw("add_generation_prompt"))) {
      throw ApiError.badRequest("Cannot set both `continue_final_message` and `add_generation_prompt` to True.",
          "continue_final_message");
    }
    LaxFields kwargs = fields.object("chat_template_kwargs");
    if (fields.has("chat_template") || (kwargs != null && kwargs.has("chat_template"))) {
      throw ApiError.badRequest("Chat template is passed with request, but --trust-request-chat-template is not set. "
          + "Refused request with untrusted chat template.", "chat_template");
    }
    JsonNode tools = ToolChoice.check(fields);
    return new ChatInput(JSON.convertValue(fields.raw("messages"), List.class),
        tools == null ? null : JSON.convertValue(tools, List.class),
        kwargs == null ? null : JSON.convertValue(fields.raw("chat_template_kwargs"), Map.class),
        !Boolean.FALSE.equals(fields.bool("add_generation_prompt")),
        Boolean.TRUE.equals(fields.bool("add_special_tokens")));
  }

  /** What the template renders; messages or tools it cannot render are a 400 naming them. */
  ChatPrompt prompt() {
    return ChatPrompts.of(messages, tools, chatTemplateKwargs, addGenerationPrompt);
  }
}
