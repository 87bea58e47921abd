package io.koreanllm.gateway.parity;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How the backend was asked to count. */
public enum CountingMethod {
  /** vLLM's {@code POST /tokenize} with the chat's messages. */
  TOKENIZE,
  /** A chat completion of one token, its {@code usage.prompt_tokens}: for servers without {@code /tokenize}. */
  CHAT_COMPLETION;

  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
