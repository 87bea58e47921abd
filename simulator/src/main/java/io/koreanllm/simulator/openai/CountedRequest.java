package io.koreanllm.simulator.openai;

import io.koreanllm.simulator.control.SimulatorSettings;
import io.koreanllm.simulator.model.ServedModel;
import io.koreanllm.simulator.web.ApiError;

/**
 * A valid generation request whose prompt has been counted: all an answer needs, whichever endpoint it came from.
 *
 * @param endpoint the path, for the log
 * @param settings the settings snapshot the whole answer follows
 * @param promptTokens the prompt's tokens as the server counts them, after {@code truncate_prompt_tokens}
 * @param maxTokens the most tokens to generate per answer: the client's cap or the endpoint's default
 * @param question what the canned answer responds to
 * @param format the endpoint's response shapes
 */
record CountedRequest(String endpoint, SimulatorSettings settings, GenerationOptions options, ServedModel model,
    int promptTokens, int maxTokens, String question, ResponseFormat format) {

  /**
   * Checks the counted prompt against the model as vLLM does once it has tokenized it: truncation, context length,
   * the generation cap, log probabilities and the scheduling priority.
   *
   * @param countedTokens the prompt's tokens before truncation
   */
  static CountedRequest of(String endpoint, SimulatorSettings settings, GenerationOptions options, ServedModel model,
      int countedTokens, String question, ResponseFormat format) {
    int maxModelLen = settings.maxModelLen();
    int promptTokens = ServerLimits.truncated(countedTokens, options.truncatePromptTokens(), maxModelLen);
    if (promptTokens >= maxModelLen) {
      throw ApiError.promptTooLong(maxModelLen, promptTokens);
    }
    Integer requested = options.maxTokens();
    if (requested != null && (long) promptTokens + requested > maxModelLen) {
      throw ApiError.maxTokensTooLarge(maxModelLen, promptTokens, requested);
    }
    int maxTokens = requested != null ? requested : maxModelLen - promptTokens;
    if (maxTokens < 1) {
      throw ApiError.badRequest("max_tokens must be at least 1, got " + maxTokens + ".", "max_tokens");
    }
    options.requireMinTokensWithin(maxTokens);
    requireLogprobsWithinLimit("sample", options.sampleLogprobs(), model);
    requireLogprobsWithinLimit("prompt", options.promptLogprobs(), model);
    ServerLimits.requirePriorityAllowed(settings, options.priority());
    return new CountedRequest(endpoint, settings, options, model, promptTokens, maxTokens, question, format);
  }

  /** vLLM's {@code --max-logprobs} (20 by default) bounds both kinds; -1 asks for the whole vocabulary. */
  private static void requireLogprobsWithinLimit(String kind, Integer requested, ServedModel model) {
    if (requested == null) {
      return;
    }
    int count = requested == -1 ? model.vocabularySize() : requested;
    if (count > GenerationOptions.MAX_LOGPROBS) {
      throw ApiError.badRequest("Requested " + kind + " logprobs of " + count + ", which is greater than max allowed: "
          + GenerationOptions.MAX_LOGPROBS, kind.equals("sample") ? "logprobs" : "prompt_logprobs");
    }
  }
}
