package io.koreanllm.policy;

import com.fasterxml.jackson.annotation.JsonValue;

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
    return EnumIds.id(this);
  }

  /** The engine with this id, ignoring case (people write "SGLang", "vLLM"). */
  public static Optional<Engine> fromId(String id) {
    return EnumIds.fromId(Engine.class, id);
  }
}
