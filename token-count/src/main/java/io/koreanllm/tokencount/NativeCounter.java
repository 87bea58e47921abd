package io.koreanllm.tokencount;

/**
 * The model's own tokenizer, asked for the counts the Java path cannot vouch for. It must be built from the same
 * {@code tokenizer.json} without truncation, padding, lower-casing, accent stripping or an added prefix space.
 * Counting knows nothing of how it is built (the tokenizer module builds it with DJL); it may be built lazily, on
 * the first count that needs it. Thread-safe.
 */
public interface NativeCounter {

  /** Tokens in {@code text}; {@code addSpecialTokens} adds what the post-processor adds (e.g. BOS). */
  int count(String text, boolean addSpecialTokens);

  /** Builds the tokenizer now, so that a file it cannot read fails here rather than at a first count. */
  default void load() {
  }

  /**
   * Whether a count can start at once. A counter that builds its tokenizer on first use is not loaded before that
   * (building it reads and compiles the file: a blocking half second); one built when it is made always is.
   */
  default boolean isLoaded() {
    return true;
  }
}
