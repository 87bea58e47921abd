package io.koreanllm.simulator.openai;

import io.koreanllm.simulator.web.ApiError;
import io.koreanllm.simulator.web.LaxFields;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A {@code /v1/chat/completions} request, read and checked as vLLM's {@code ChatCompletionRequest}: the shared
 * {@link GenerationOptions}, then what only chats have (the {@link ChatInput}, logprobs as a flag and a count,
 * reasoning switches).
 */
record ChatCompletionRequest(GenerationOptions options, ChatInput chat) {

  static ChatCompletionRequest read(JsonNode body) {
    LaxFields fields = LaxFields.of("ChatCompletionRequest", body);
    ChatInput chat = ChatInput.read(fields);
    if (chat == null) {
      throw fields.invalid("messages", "Field required", null);
    }
    Long maxCompletionTokens = fields.integer("max_completion_tokens");
    Long maxTokens = fields.integer("max_tokens");
    boolean logprobs = Boolean.TRUE.equals(fields.bool("logprobs"));
    Integer topLogprobs = GenerationOptions.toInteger(fields.integer("top_logprobs"));
    if (topLogprobs != null && topLogprobs < -1) {
      throw ApiError.badRequest("`top_logprobs` must be a positive value or -1.", "top_logprobs");
    }
    if (topLogprobs != null && topLogprobs != 0 && !logprobs) {
      throw ApiError.badRequest("when using `top_logprobs`, `logprobs` must be set to true.", "top_logprobs");
    }
    fields.bool("parallel_tool_calls");
    fields.bool("include_reasoning");
    String effort = fields.string("reasoning_effort");
    if (effort != null && !List.of("low", "medium", "high").contains(effort)) {
      throw fields.invalid("reasoning_effort", "Input should be 'low', 'medium' or 'high'",
          fields.raw("reasoning_effort"));
    }
    GenerationOptions options = GenerationOptions.read(fields,
        GenerationOptions.toInteger(maxCompletionTokens != null ? maxCompletionTokens : maxTokens),
        logprobs ? (topLogprobs == null ? 0 : topLogprobs) : null);
    return new ChatCompletionRequest(options, chat);
  }
}
