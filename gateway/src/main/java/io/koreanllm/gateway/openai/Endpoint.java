package io.koreanllm.gateway.openai;

/** The OpenAI endpoints the gateway counts, admits and proxies. */
public enum Endpoint {
  CHAT_COMPLETIONS("/v1/chat/completions"),
  COMPLETIONS("/v1/completions");

  private final String path;

  Endpoint(String path) {
    this.path = path;
  }

  public String path() {
    return path;
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
