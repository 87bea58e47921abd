package io.koreanllm.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import io.koreanllm.tokencount.NativeCounter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * DJL's native Hugging Face tokenizer for one {@code tokenizer.json}, built on first use. Counting seldom needs it
 * (the Java path counts what it can prove exact), and each one holds about 100 MB of native memory, so a gateway
 * whose texts never need it never pays for it. Thread-safe.
 *
 * <p>As the {@link NativeCounter} of the Java path it fetches only the token ids: DJL's {@code encode()} also copies
 * tokens (one Java string each), offsets, masks and word ids out of the native encoding, which counting never
 * reads. That is exact because the tokenizer is built without lower-casing, accent stripping or an added prefix
 * space, which DJL would apply in Java before its own native call.
 */
final class NativeTokenizer implements NativeCounter, AutoCloseable {

  private final Path tokenizerJson;
  private volatile HuggingFaceTokenizer tokenizer;
  private boolean closed;

  NativeTokenizer(Path tokenizerJson) {
    this.tokenizerJson = tokenizerJson;
  }

  HuggingFaceTokenizer get() {
    HuggingFaceTokenizer loaded = tokenizer;
    return loaded != null ? loaded : build();
  }

  @Override
  public int count(String text, boolean addSpecialTokens) {
    long encoding = TokenizersLibrary.LIB.encode(get().getHandle(), text, addSpecialTokens);
    try {
      return TokenizersLibrary.LIB.getTokenIds(encoding).length;
    } finally {
      TokenizersLibrary.LIB.deleteEncoding(encoding);
    }
  }

  @Override
  public void load() {
    get();
  }

  private synchronized HuggingFaceTokenizer build() {
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

  @Override
  public boolean isLoaded() {
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
