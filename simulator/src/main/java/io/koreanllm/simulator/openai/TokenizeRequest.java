package io.koreanllm.simulator.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * vLLM's {@code /tokenize} body: either a raw {@code prompt} (counted with the special tokens the tokenizer adds, as for
 * {@code /v1/completions}) or chat {@code messages} (rendered through the chat template, as for
 * {@code /v1/chat/completions}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record TokenizeRequest(
    String model,
    String prompt,
    List<Map<String, Object>> messages,
    @JsonProperty("add_generation_prompt") Boolean addGenerationPrompt,
    @JsonProperty("chat_template_kwargs") Map<String, Object> chatTemplateKwargs,
    List<Map<String, Object>> tools) {

  /** vLLM's default: a chat prompt ends with the assistant's turn opened. */
  boolean generationPrompt() {
    return addGenerationPrompt == null || addGenerationPrompt;
  }
}
