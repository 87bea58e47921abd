package io.koreanllm.tokenizer;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real tokenizer files the tests count with; missing files fail the test with what to run. */
final class Tokenizers {

  private Tokenizers() {
  }

  static Path folder(String name) {
    Path folder = TokenizerResolver.defaultCacheDir().resolve(name);
    if (!Files.isRegularFile(folder.resolve("tokenizer.json"))) {
      fail("tokenizer files missing in " + folder + ": run scripts/fetch-tokenizers.sh");
    }
    return folder;
  }

  static ModelTokenizer load(String name) throws IOException {
    return ModelTokenizer.load(name, TokenizerFiles.inFolder(folder(name)));
  }
}
