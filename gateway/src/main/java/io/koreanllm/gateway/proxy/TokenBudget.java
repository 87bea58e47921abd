package io.koreanllm.gateway.proxy;

/**
 * The tokens one request may use: its counted prompt and what it may generate, {@code maxTokens} for each of its
 * {@code choices} answers. The reservation holds all of it until the request settles.
 */
record TokenBudget(int promptTokens, int maxTokens, int choices) {

  long reservedTokens() {
    return promptTokens + (long) maxTokens * choices;
  }
}
