package io.koreanllm.chattemplate;

/** A chat template that cannot be parsed or rendered; the message names the line and what is wrong. */
public class TemplateException extends RuntimeException {
  public TemplateException(String message) {
    super(message);
  }

  public TemplateException(String message, Throwable cause) {
    super(message, cause);
  }
}
