package io.koreanllm.policy;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One mapping of a document, read field by field. An accessor that finds a field missing, of the wrong
 * type or breaking its rule reports it under the field's path and returns null (or nothing), so reading
 * goes on and every problem of the document is collected. A null value counts as absent.
 */
final class Fields {

  enum Presence { REQUIRED, OPTIONAL }

  private final JsonNode node;
  private final String path;
  private final String source;
  private final Problems problems;

  private Fields(JsonNode node, String path, String source, Problems problems) {
    this.node = node;
    this.path = path;
    this.source = source;
    this.problems = problems;
  }

  /** The document's top level as a mapping, or empty after reporting that it is something else. */
  static Optional<Fields> root(JsonNode node, String source, Problems problems) {
    if (!node.isObject()) {
      problems.add(source, "", "must be a mapping with defaults, teams, users and models (was " + describe(node) + ")");
      return Optional.empty();
    }
    return Optional.of(new Fields(node, "", source, problems));
  }

  String path() {
    return path;
  }

  /**
   * The path of a name under this mapping: a field ({@code users[0].limits} + {@code rpm}), a list element
   * ({@code keys[1]}) or a label standing for a field that must not be shown (a key's display id).
   */
  String path(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  void report(String name, String problem) {
    problems.add(source, path(name), problem);
  }

  boolean has(String field) {
    return node.has(field) && !node.get(field).isNull();
  }

  /** Field names in document order. */
  List<String> names() {
    return List.copyOf(node.propertyNames());
  }

  /** Names of this mapping that are not among {@code allowed}. */
  List<String> unknown(List<String> allowed) {
    return names().stream().filter(name -> !allowed.contains(name)).toList();
  }

  /** Reports every field not among {@code allowed}, which catches typos such as {@code tmp:} for {@code tpm:}. */
  void allowOnly(List<String> allowed) {
    unknown(allowed).forEach(name -> report(name, "unknown field; allowed: " + String.join(", ", allowed)));
  }

  /** Whether the field is there; a required field that is not is reported. */
  private boolean present(String field, Presence presence) {
    if (has(field)) {
      return true;
    }
    if (presence == Presence.REQUIRED) {
      report(field, "is required");
    }
    return false;
  }

  /** The field as a mapping. */
  Optional<Fields> object(String field) {
    return has(field) ? element(node.get(field), field) : Optional.empty();
  }

  /**
   * A value found under this mapping (a list element such as {@code users[0]}, a map entry such as
   * {@code 사용자1}) as a mapping of its own; {@code name} is its path relative to this mapping.
   */
  Optional<Fields> element(JsonNode value, String name) {
    if (value.isObject()) {
      return Optional.of(new Fields(value, path(name), source, problems));
    }
    report(name, "must be a mapping (was " + describe(value) + ")");
    return Optional.empty();
  }

  /** The relative name of a list element: {@code keys[2]}. */
  static String indexed(String field, int index) {
    return field + "[" + index + "]";
  }

  /** The raw value of a field; callers check its type. */
  JsonNode get(String field) {
    return node.get(field);
  }

  /** The field's list elements; nothing when absent or, after reporting it, not a list. */
  List<JsonNode> list(String field) {
    if (!has(field)) {
      return List.of();
    }
    JsonNode value = node.get(field);
    if (!value.isArray()) {
      report(field, "must be a list (was " + describe(value) + ")");
      return List.of();
    }
    return List.copyOf(value.values());
  }

  String string(String field, Presence presence, Function<String, Optional<String>> rule) {
    if (!present(field, presence)) {
      return null;
    }
    return checkedString(node.get(field), field, rule);
  }

  /** A list of strings, each checked by {@code rule}; null when absent. */
  List<String> strings(String field, Function<String, Optional<String>> rule) {
    if (!has(field)) {
      return null;
    }
    List<JsonNode> elements = list(field);
    List<String> strings = new ArrayList<>();
    for (int i = 0; i < elements.size(); i++) {
      strings.add(checkedString(elements.get(i), indexed(field, i), rule));
    }
    return strings;
  }

  Integer intNumber(String field, Presence presence, Function<Long, Optional<String>> rule) {
    Long value = longNumber(field, presence, rule);
    if (value != null && value > Integer.MAX_VALUE) {
      report(field, "must be at most " + Integer.MAX_VALUE + " (was " + value + ")");
      return null;
    }
    return value == null ? null : value.intValue();
  }

  Long longNumber(String field, Presence presence, Function<Long, Optional<String>> rule) {
    if (!present(field, presence)) {
      return null;
    }
    JsonNode value = node.get(field);
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      report(field, "must be a whole number (was " + describe(value) + ")");
      return null;
    }
    return checked(value.longValue(), field, rule);
  }

  /** A boolean field; false when absent. */
  boolean flag(String field) {
    if (!has(field)) {
      return false;
    }
    JsonNode value = node.get(field);
    if (!value.isBoolean()) {
      report(field, "must be true or false (was " + describe(value) + ")");
      return false;
    }
    return value.booleanValue();
  }

  /** A limit: a whole number ≥ 0, or null when absent (inherited). */
  Integer intLimit(String field) {
    return intNumber(field, Presence.OPTIONAL, Rules::nonNegative);
  }

  /** A limit that may exceed an int, such as tokens per day. */
  Long longLimit(String field) {
    return longNumber(field, Presence.OPTIONAL, Rules::nonNegative);
  }

  private String checkedString(JsonNode value, String name, Function<String, Optional<String>> rule) {
    if (!value.isString()) {
      report(name, "must be a string (was " + describe(value) + "; quote it if it is meant as text)");
      return null;
    }
    return checked(value.stringValue(), name, rule);
  }

  private <T> T checked(T value, String name, Function<T, Optional<String>> rule) {
    Optional<String> problem = rule.apply(value);
    problem.ifPresent(p -> report(name, p));
    return problem.isPresent() ? null : value;
  }

  /** A value as a problem message shows it: scalars as written, containers by kind. */
  static String describe(JsonNode value) {
    if (value.isObject()) {
      return "a mapping";
    }
    if (value.isArray()) {
      return "a list";
    }
    return value.isString() ? "\"" + value.stringValue() + "\"" : value.toString();
  }
}
