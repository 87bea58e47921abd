package io.koreanllm.policy;

import io.koreanllm.policy.PolicyException.Problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Collects the problems of a policy; reading goes on after each one so that all of them are reported together. */
final class Problems {

  private final List<Problem> problems = new ArrayList<>();

  void add(String source, String field, String problem) {
    problems.add(new Problem(source, field, problem));
  }

  /** How many problems so far; comparing two counts tells whether one element of the document had any. */
  int count() {
    return problems.size();
  }

  /** {@code value} when no problem was added since {@code count}; what was read with problems is left out. */
  <T> Optional<T> unlessAnySince(int count, Supplier<T> value) {
    return problems.size() == count ? Optional.of(value.get()) : Optional.empty();
  }

  void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new PolicyException(problems);
    }
  }
}
