package io.koreanllm.policy;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Optional;

/**
 * Which of a model's waiting requests the gateway serves first: every {@code interactive} request goes before the
 * {@code batch} ones, within the bounds the gateway's fair queue sets against starving them. A user's class is
 * their own {@link UserPolicy#priority()}, else the policy's {@link Defaults#priority()}.
 */
public enum PriorityClass {
  /** People waiting for an answer; the default. */
  INTERACTIVE,
  /** Jobs that can wait: bulk evaluation, embeddings of a corpus, nightly summaries. */
  BATCH;

  /** The lower-case name used in documents: {@code interactive}, {@code batch}. */
  @JsonValue
  public String id() {
    return EnumIds.id(this);
  }

  /** The class with this id, ignoring case. */
  public static Optional<PriorityClass> fromId(String id) {
    return EnumIds.fromId(PriorityClass.class, id);
  }
}
