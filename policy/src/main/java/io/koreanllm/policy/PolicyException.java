package io.koreanllm.policy;

import java.io.Serializable;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A policy document that cannot be used. It carries every problem found in the document, not only
 * the first: an operator fixing a file wants to see all its errors at once. The message lists one
 * problem per line, each as {@code source: field: problem}.
 */
public final class PolicyException extends RuntimeException {

  /**
   * One thing wrong with a document.
   *
   * @param source  the file (or other source name) the problem is in
   * @param field   where in the document, e.g. {@code users[1].limits.rpm} or {@code users.사용자1.daily};
   *                empty when the problem is the document as a whole (a syntax error, an unreadable file)
   * @param problem what is wrong, e.g. {@code must be ≥ 0 (was -5)}
   */
  public record Problem(String source, String field, String problem) implements Serializable {
    @Override
    public String toString() {
      return field.isEmpty() ? source + ": " + problem : source + ": " + field + ": " + problem;
    }
  }

  private final List<Problem> problems;

  public PolicyException(List<Problem> problems) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a PolicyException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /** Every problem, in document order. */
  public List<Problem> problems() {
    return problems;
  }

  /** The source of the first problem. */
  public String source() {
    return problems.get(0).source();
  }

  /** The field of the first problem. */
  public String field() {
    return problems.get(0).field();
  }

  /** The first problem's description. */
  public String problem() {
    return problems.get(0).problem();
  }
}
