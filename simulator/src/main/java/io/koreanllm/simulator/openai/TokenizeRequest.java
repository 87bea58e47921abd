package io.koreanllm.simulator.openai;

import io.koreanllm.simulator.web.ApiError;
import io.koreanllm.simulator.web.LaxFields;
import tools.jackson.databind.JsonNode;

/**
 * vLLM's {@code /tokenize} body, one of its two shapes: a raw {@code prompt} (tokenized with the special tokens the
 * tokenizer adds, unless {@code add_special_tokens} is false, as for {@code /v1/completions}) or chat {@code messages}
 * (a {@link ChatInput}, rendered as for {@code /v1/chat/completions}).
 *
 * @param prompt the raw prompt, or null for a chat
 * @param chat the chat, or null for a raw prompt
 * @param addSpecialTokens for a raw prompt: whether the tokenizer's special tokens are added
 */
record TokenizeRequest(String model, String prompt, ChatInput chat, boolean addSpecialTokens) {

  static TokenizeRequest read(JsonNode body) {
    boolean chat = body.has("messages") && !body.get("messages").isNull();
    LaxFields fields = LaxFields.of(chat ? "TokenizeChatRequest" : "TokenizeCompletionRequest", body);
    String model = fields.string("model");
    fields.bool("return_token_strs");
    if (chat) {
      return new TokenizeRequest(model, null, ChatInput.read(fields), false);
    }
    String prompt = fields.string("prompt");
    if (prompt == null) {
      throw ApiError.invalidField("give either a prompt (TokenizeCompletionRequest) or messages "
          + "(TokenizeChatRequest): Field required", "prompt");
    }
    return new TokenizeRequest(model, prompt, null, !Boolean.FALSE.equals(fields.bool("add_special_tokens")));
  }
}
