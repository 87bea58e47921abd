package io.koreanllm.policy;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Per-model limits of a user or a team ({@code modelLimits}): model name → limits on top of the overall ones. A
 * field left out of an entry is not limited for that model; nothing is inherited, neither from the overall limits
 * nor from the defaults.
 */
final class ModelLimits {

  private ModelLimits() {
  }

  /**
   * The entries checked, sorted by model name and unmodifiable; empty for null.
   *
   * @throws IllegalArgumentException naming {@code field} when a model name or an entry is not valid
   */
  static SortedMap<String, Limits> of(String field, Map<String, Limits> given) {
    if (given == null || given.isEmpty()) {
      return Collections.emptySortedMap();
    }
    TreeMap<String, Limits> sorted = new TreeMap<>();
    given.forEach((model, limits) -> {
      Rules.check(field, Rules.modelName(model));
      if (limits == null) {
        throw new IllegalArgumentException(field + "." + model + ": must be a mapping of limits");
      }
      Rules.check(field + "." + model, Rules.sharedLimits(limits));
      sorted.put(model, limits);
    });
    return Collections.unmodifiableSortedMap(sorted);
  }
}
