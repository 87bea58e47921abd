package io.koreanllm.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.koreanllm.tokenizer.ModelTokenizer;
import io.koreanllm.tokenizer.TokenizerCatalog;
import io.koreanllm.tokenizer.TokenizerResolver;
import java.nio.file.Path;
import java.util.List;

/** The real Qwen and Llama 3 tokenizer files the simulator serves by default; tests fail, not skip, without them. */
public final class RealTokenizers {

  public static final List<String> REFERENCES = List.of("qwen3", "llama3");

  private static TokenizerCatalog catalog;

  private RealTokenizers() {}

  public static synchronized ModelTokenizer get(String reference) {
    if (catalog == null) {
      requireFetched();
      catalog = new TokenizerCatalog(TokenizerResolver.fromEnvironment());
    }
    return catalog.get(reference);
  }

  public static void requireFetched() {
    Path cache = TokenizerResolver.defaultCacheDir();
    for (String name : REFERENCES) {
      assertThat(cache.resolve(name).resolve("tokenizer.json"))
          .as("the real tokenizer files are missing: run scripts/fetch-tokenizers.sh")
          .isRegularFile();
    }
  }
}
