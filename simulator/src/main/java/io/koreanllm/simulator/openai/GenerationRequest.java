package io.koreanllm.simulator.openai;

import io.koreanllm.simulator.web.ApiError;

/** What the chat and the text completions requests share: the model, the length cap and how to stream. */
interface GenerationRequest {

  String model();

  Integer maxTokens();

  boolean stream();

  StreamOptions streamOptions();

  /** The cap the client asked for, or null when it left it to the server. */
  default Integer requestedMaxTokens() {
    return maxTokens();
  }

  default boolean includeUsage() {
    return stream() && streamOptions() != null && streamOptions().includeUsage();
  }

  /** The checks vLLM makes on these fields before it counts anything. */
  default void validate() {
    if (model() == null || model().isBlank()) {
      throw ApiError.badRequest("you must provide a model parameter", "model");
    }
    Integer max = requestedMaxTokens();
    if (max != null && max < 1) {
      throw ApiError.badRequest("max_tokens must be at least 1, got " + max + ".", "max_tokens");
    }
    if (streamOptions() != null && !stream()) {
      throw ApiError.badRequest("Stream options can only be defined when `stream=True`.", "stream_options");
    }
  }
}
