package io.koreanllm.gateway.openai;

/** The OpenAI endpoints the gateway counts, admits and proxies. */
public enum Endpoint {
  CHAT_COMPLETIONS("/v1/chat/completions", true),
  COMPLETIONS("/v1/completions", true),
  /** Input tokens only: nothing is generated, so nothing beyond the prompt is reserved. */
  EMBEDDINGS("/v1/embeddings", false);

  private final String path;
  private final boolean generates;

  Endpoint(String path, boolean generates) {
    this.path = path;
    this.generates = generates;
  }

  public String path() {
    return path;
  }

  /** Whether the model generates tokens (bounded by max_tokens) for this endpoint. */
  public boolean generates() {
    return generates;
  }

  public static Endpoint ofPath(String path) {
    for (Endpoint endpoint : values()) {
      if (endpoint.path.equals(path)) {
        return endpoint;
      }
    }
    throw new IllegalArgumentException("not a proxied endpoint: " + path);
  }
}
