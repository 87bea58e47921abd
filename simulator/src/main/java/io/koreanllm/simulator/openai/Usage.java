package io.koreanllm.simulator.openai;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Token usage, as every OpenAI-compatible server reports it. */
record Usage(
    @JsonProperty("prompt_tokens") int promptTokens,
    @JsonProperty("completion_tokens") int completionTokens,
    @JsonProperty("total_tokens") int totalTokens) {

  static Usage of(int promptTokens, int completionTokens) {
    return new Usage(promptTokens, completionTokens, promptTokens + completionTokens);
  }
}
