package io.koreanllm.tokenizer;

/** A chat request whose messages or tools cannot be turned into a prompt; {@link #param()} names the field. */
public final class ChatPromptException extends IllegalArgumentException {

  private final String param;

  ChatPromptException(String message, String param) {
    super(message);
    this.param = param;
  }

  public String param() {
    return param;
  }
}
