package io.koreanllm.tokenizer;

import java.nio.file.Path;

/** The two files that define how a model counts: its {@code tokenizer.json} and {@code tokenizer_config.json}. */
public record TokenizerFiles(Path tokenizerJson, Path tokenizerConfigJson) {

  /** The files as a Hugging Face repository lays them out in one folder. */
  public static TokenizerFiles inFolder(Path folder) {
    return new TokenizerFiles(folder.resolve("tokenizer.json"), folder.resolve("tokenizer_config.json"));
  }
}
