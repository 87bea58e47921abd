package io.koreanllm.tokenizer.count;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import java.util.function.Supplier;

/**
 * Counts with the native Hugging Face tokenizer, fetching only the token ids: DJL's {@code encode()} also copies
 * tokens (one Java string each), offsets, masks and word ids out of the native encoding, which counting never
 * reads. The tokenizer must be built without lower-casing, accent stripping or an added prefix space (DJL applies
 * those in Java before its own native call), as {@code ModelTokenizer} builds it. Thread-safe.
 */
final class NativeCounter {

  private final Supplier<HuggingFaceTokenizer> tokenizer;

  /** @param tokenizer the native tokenizer, which may be built only when first asked for */
  NativeCounter(Supplier<HuggingFaceTokenizer> tokenizer) {
    this.tokenizer = tokenizer;
  }

  /** Builds the native tokenizer now, so that a file it cannot read fails here rather than at a first count. */
  void load() {
    tokenizer.get();
  }

  int count(String text, boolean addSpecialTokens) {
    long encoding = TokenizersLibrary.LIB.encode(tokenizer.get().getHandle(), text, addSpecialTokens);
    try {
      return TokenizersLibrary.LIB.getTokenIds(encoding).length;
    } finally {
      TokenizersLibrary.LIB.deleteEncoding(encoding);
    }
  }
}
