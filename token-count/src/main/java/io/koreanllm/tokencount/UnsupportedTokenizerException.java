package io.koreanllm.tokencount;

/** The tokenizer uses something the Java counting path does not reproduce; the message says what. */
final class UnsupportedTokenizerException extends Exception {

  private static final long serialVersionUID = 1L;

  UnsupportedTokenizerException(String message) {
    super(message);
  }
}
