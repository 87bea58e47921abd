package io.koreanllm.tokenizer.count;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;

/**
 * Counts with the native Hugging Face tokenizer, fetching only the token ids: DJL's {@code encode()} also copies
 * tokens (one Java string each), offsets, masks and word ids out of the native encoding, which counting never
 * reads. The tokenizer must be built without lower-casing, accent stripping or an added prefix space (DJL applies
 * those in Java before its own native call), as {@code ModelTokenizer} builds it. Thread-safe.
 */
final class NativeCounter {

  private final HuggingFaceTokenizer tokenizer;

  NativeCounter(HuggingFaceTokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  int count(String text, boolean addSpecialTokens) {
    long encoding = TokenizersLibrary.LIB.encode(tokenizer.getHandle(), text, addSpecialTokens);
    try {
      return TokenizersLibrary.LIB.getTokenIds(encoding).length;
    } finally {
      TokenizersLibrary.LIB.deleteEncoding(encoding);
    }
  }
}
