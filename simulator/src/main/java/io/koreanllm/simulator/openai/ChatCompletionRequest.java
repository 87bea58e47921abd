package io.koreanllm.simulator.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.koreanllm.simulator.web.ApiError;
import java.util.List;
import java.util.Map;

/** The fields of a {@code /v1/chat/completions} request the simulator reads; the others are accepted and ignored. */
@JsonIgnoreProperties(ignoreUnknown = true)
record ChatCompletionRequest(
    String model,
    List<Map<String, Object>> messages,
    @JsonProperty("max_tokens") Integer maxTokens,
    @JsonProperty("max_completion_tokens") Integer maxCompletionTokens,
    boolean stream,
    @JsonProperty("stream_options") StreamOptions streamOptions,
    @JsonProperty("chat_template_kwargs") Map<String, Object> chatTemplateKwargs,
    List<Map<String, Object>> tools) implements GenerationRequest {

  /** OpenAI's newer name wins, as in vLLM. */
  @Override
  public Integer requestedMaxTokens() {
    return maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
  }

  @Override
  public void validate() {
    GenerationRequest.super.validate();
    if (messages == null || messages.isEmpty()) {
      throw ApiError.badRequest("messages must be a non-empty list", "messages");
    }
  }
}
