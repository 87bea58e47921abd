package io.koreanllm.chattemplate;

/** A render-time error without a line; the statement that was running adds its line. */
final class EvalError extends RuntimeException {
  EvalError(String message) {
    super(message, null, false, false);
  }
}
