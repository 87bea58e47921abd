package io.koreanllm.policy;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.Optional;

/** The kind of model server behind a model; written lower-case in documents. */
public enum Engine {
  SGLANG,
  VLLM,
  /** Any other OpenAI-compatible server. */
  OPENAI;

  /** The lower-case name used in documents: {@code sglang}, {@code vllm}, {@code openai}. */
  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The engine with this id, ignoring case (people write "SGLang", "vLLM"). */
  public static Optional<Engine> fromId(String id) {
    for (Engine engine : values()) {
      if (engine.id().equalsIgnoreCase(id)) {
        return Optional.of(engine);
      }
    }
    return Optional.empty();
  }
}
