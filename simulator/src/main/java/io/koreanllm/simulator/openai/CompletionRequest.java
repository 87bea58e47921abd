package io.koreanllm.simulator.openai;

import io.koreanllm.simulator.web.ApiError;
import io.koreanllm.simulator.web.LaxFields;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A {@code /v1/completions} request, read and checked as vLLM's {@code CompletionRequest}: the shared
 * {@link GenerationOptions}, then the prompt (one text or one list of token ids; a batch of several is not simulated),
 * {@code max_tokens} defaulting to 16 and {@code logprobs} as a count.
 */
record CompletionRequest(GenerationOptions options, Prompt prompt, boolean addSpecialTokens) {

  /** vLLM's default {@code max_tokens} for text completions. */
  static final int DEFAULT_MAX_TOKENS = 16;

  static CompletionRequest read(JsonNode body) {
    LaxFields fields = LaxFields.of("CompletionRequest", body);
    List<Prompt> prompts = Prompt.read(fields, "prompt");
    if (prompts == null && !fields.has("prompt_embeds")) {
      throw ApiError.badRequest("At least one of `prompt` or `prompt_embeds` must be set.", "prompt");
    }
    if (prompts == null) {
      throw ApiError.badRequest("prompt_embeds is not simulated: send the prompt as text or token ids", "prompt");
    }
    if (prompts.size() != 1) {
      throw ApiError.badRequest("a batch of several prompts is not simulated: send them one by one", "prompt");
    }
    Integer logprobs = GenerationOptions.toInteger(fields.integer("logprobs"));
    if (logprobs != null && logprobs < -1) {
      throw ApiError.badRequest("logprobs must be non-negative or -1, got " + logprobs + ".", "logprobs");
    }
    Long maxTokens = fields.integer("max_tokens");
    GenerationOptions options = GenerationOptions.read(fields,
        // Left out, it is 16; given as null, the context left after the prompt.
        body.has("max_tokens") ? GenerationOptions.toInteger(maxTokens) : Integer.valueOf(DEFAULT_MAX_TOKENS),
        logprobs);
    if (fields.string("suffix") != null) {
      throw ApiError.badRequest("suffix is not currently supported", "suffix");
    }
    return new CompletionRequest(options, prompts.get(0), !Boolean.FALSE.equals(fields.bool("add_special_tokens")));
  }
}
