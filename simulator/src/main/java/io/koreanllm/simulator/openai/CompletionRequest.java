package io.koreanllm.simulator.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.koreanllm.simulator.web.ApiError;
import tools.jackson.databind.JsonNode;

/** The fields of a {@code /v1/completions} request the simulator reads; the others are accepted and ignored. */
@JsonIgnoreProperties(ignoreUnknown = true)
record CompletionRequest(
    String model,
    JsonNode prompt,
    @JsonProperty("max_tokens") Integer maxTokens,
    boolean stream,
    @JsonProperty("stream_options") StreamOptions streamOptions) implements GenerationRequest {

  /** The prompt: a string, or a list holding one string (a batch of several is not simulated). */
  String promptText() {
    JsonNode text = prompt != null && prompt.isArray() && prompt.size() == 1 ? prompt.get(0) : prompt;
    if (text == null || !text.isString()) {
      throw ApiError.badRequest("prompt must be a string or a list of one string", "prompt");
    }
    return text.asString();
  }
}
