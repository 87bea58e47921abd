package io.koreanllm.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** A user or model together with where it was given, so that problems found across elements can name their place. */
record Located<T>(T value, String source, String path) {

  /** Locations for elements given in code rather than in a file: {@code users[0]}, {@code users[1]}, … */
  static <T> List<Located<T>> indexed(String source, String section, Collection<T> values) {
    List<Located<T>> located = new ArrayList<>(values.size());
    for (T value : values) {
      located.add(new Located<>(value, source, section + "[" + located.size() + "]"));
    }
    return located;
  }
}
