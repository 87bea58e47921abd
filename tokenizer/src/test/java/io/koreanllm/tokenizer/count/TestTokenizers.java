package io.koreanllm.tokenizer.count;

import static org.assertj.core.api.Assertions.fail;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.koreanllm.tokenizer.TokenizerResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real tokenizer files, and native tokenizers built from them as ModelTokenizer builds its own. */
final class TestTokenizers {

  private TestTokenizers() {
  }

  static Path json(String name) {
    Path json = TokenizerResolver.defaultCacheDir().resolve(name).resolve("tokenizer.json");
    if (!Files.isRegularFile(json)) {
      fail("tokenizer files missing in " + json.getParent() + ": run scripts/fetch-tokenizers.sh");
    }
    return json;
  }

  static HuggingFaceTokenizer djl(Path json) throws IOException {
    return HuggingFaceTokenizer.builder()
        .optTokenizerPath(json)
        .optAddSpecialTokens(false)
        .optTruncation(false)
        .optPadding(false)
        .build();
  }
}
