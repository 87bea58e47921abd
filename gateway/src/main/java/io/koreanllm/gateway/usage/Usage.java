package io.koreanllm.gateway.usage;

/** Tokens a request really used. */
public record Usage(long promptTokens, long completionTokens) {

  public static final Usage NONE = new Usage(0, 0);

  public Usage {
    if (promptTokens < 0 || completionTokens < 0) {
      throw new IllegalArgumentException("token counts cannot be negative");
    }
  }

  public long totalTokens() {
    return promptTokens + completionTokens;
  }
}
