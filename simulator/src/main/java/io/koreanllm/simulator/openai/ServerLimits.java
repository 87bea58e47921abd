package io.koreanllm.simulator.openai;

import io.koreanllm.simulator.control.SchedulingPolicy;
import io.koreanllm.simulator.control.SimulatorSettings;
import io.koreanllm.simulator.web.ApiError;

/** Checks vLLM makes against its own configuration once it has tokenized a prompt, whatever the endpoint. */
final class ServerLimits {

  private ServerLimits() {}

  /**
   * The prompt's tokens after {@code truncate_prompt_tokens}: its last {@code truncate} tokens, or at most
   * {@code max_model_len} for -1; a truncation beyond {@code max_model_len} is refused.
   */
  static int truncated(int countedTokens, Integer truncate, int maxModelLen) {
    if (truncate != null && truncate > maxModelLen) {
      throw ApiError.badRequest("truncate_prompt_tokens value is greater than max_model_len. Please, select a smaller "
          + "truncation size.", "truncate_prompt_tokens");
    }
    int keep = truncate == null || truncate == 0 ? countedTokens : truncate == -1 ? maxModelLen : truncate;
    return Math.min(countedTokens, keep);
  }

  /** A priority other than 0 needs {@code --scheduling-policy priority}. */
  static void requirePriorityAllowed(SimulatorSettings settings, int priority) {
    if (settings.schedulingPolicy() == SchedulingPolicy.FCFS && priority != 0) {
      throw ApiError.badRequest("Got priority " + priority + " but Priority scheduling is not enabled.", "priority");
    }
  }

  /** The priority the scheduler orders by: the request's under {@code priority}, 0 for all under {@code fcfs}. */
  static int schedulingPriority(SimulatorSettings settings, int priority) {
    return settings.schedulingPolicy() == SchedulingPolicy.PRIORITY ? priority : 0;
  }
}
