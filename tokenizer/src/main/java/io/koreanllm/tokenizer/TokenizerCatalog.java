package io.koreanllm.tokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Loads each tokenizer reference once and shares it between every model that names it. */
public final class TokenizerCatalog implements AutoCloseable {

  private final TokenizerResolver resolver;
  private final Map<String, ModelTokenizer> loaded = new ConcurrentHashMap<>();

  public TokenizerCatalog(TokenizerResolver resolver) {
    this.resolver = resolver;
  }

  /** The tokenizer for {@code reference}, loading it on first use; fails with the reason it cannot be had. */
  public ModelTokenizer get(String reference) {
    return loaded.computeIfAbsent(reference, ref -> {
      try {
        return ModelTokenizer.load(ref, resolver.resolve(ref));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot load tokenizer '" + ref + "': " + e.getMessage(), e);
      }
    });
  }

  @Override
  public void close() {
    loaded.values().forEach(ModelTokenizer::close);
    loaded.clear();
  }
}
