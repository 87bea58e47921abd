package io.koreanllm.tokencount;

import static org.assertj.core.api.Assertions.fail;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real tokenizer files, and native tokenizers built from them as the tokenizer module builds its own: what the
 * Java path is compared with, and what it falls back to.
 */
final class TestTokenizers {

  /** Where scripts/fetch-tokenizers.sh puts the files; the build passes the folder to the tests. */
  private static final Path FOLDER = Path.of(System.getProperty("koreanllm.tokenizers.dir",
      System.getProperty("user.home") + "/.cache/korean-llm-limiter/tokenizers"));

  private TestTokenizers() {
  }

  static Path json(String name) {
    Path json = FOLDER.resolve(name).resolve("tokenizer.json");
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

  /** Counts by the full native encode. */
  static NativeCounter counter(HuggingFaceTokenizer tokenizer) {
    return (text, addSpecialTokens) -> tokenizer.encode(text, addSpecialTokens, false).getIds().length;
  }
}
