package io.koreanllm.simulator.openai;

import io.koreanllm.simulator.web.ApiError;
import io.koreanllm.tokenizer.ChatPrompt;
import io.koreanllm.tokenizer.ChatPromptException;
import java.util.List;
import java.util.Map;

/** The tokenizer module's {@link ChatPrompt}, its refusals answered as the simulator's 400s. */
final class ChatPrompts {

  private ChatPrompts() {
  }

  static ChatPrompt of(List<Map<String, Object>> messages, List<Map<String, Object>> tools,
      Map<String, Object> chatTemplateKwargs, boolean addGenerationPrompt) {
    try {
      return ChatPrompt.of(messages, tools, chatTemplateKwargs, addGenerationPrompt);
    } catch (ChatPromptException e) {
      throw ApiError.badRequest(e.getMessage(), e.param());
    }
  }
}
