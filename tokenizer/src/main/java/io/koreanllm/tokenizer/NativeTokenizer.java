package io.koreanllm.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * DJL's native Hugging Face tokenizer for one {@code tokenizer.json}, built on first use. Counting seldom needs it
 * (the Java path counts what it can prove exact), and each one holds about 100 MB of native memory, so a gateway
 * whose texts never need it never pays for it. Thread-safe.
 */
final class NativeTokenizer implements AutoCloseable {

  private final Path tokenizerJson;
  private volatile HuggingFaceTokenizer tokenizer;
  private boolean closed;

  NativeTokenizer(Path tokenizerJson) {
    this.tokenizerJson = tokenizerJson;
  }

  HuggingFaceTokenizer get() {
    HuggingFaceTokenizer loaded = tokenizer;
    return loaded != null ? loaded : load();
  }

  private synchronized HuggingFaceTokenizer load() {
    if (closed) {
      throw new IllegalStateException("tokenizer " + tokenizerJson + " is closed");
    }
    if (tokenizer == null) {
      try {
        tokenizer = HuggingFaceTokenizer.builder()
            .optTokenizerPath(tokenizerJson)
            .optAddSpecialTokens(false)
            // Counting must see the whole text: no truncation, no padding.
            .optTruncation(false)
            .optPadding(false)
            .build();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot load " + tokenizerJson, e);
      }
    }
    return tokenizer;
  }

  boolean isLoaded() {
    return tokenizer != null;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (tokenizer != null) {
      tokenizer.close();
    }
  }
}
