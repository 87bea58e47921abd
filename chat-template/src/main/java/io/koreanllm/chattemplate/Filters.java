package io.koreanllm.chattemplate;

import java.util.HashMap;
import java.util.Map;

/**
 * jinja2's built-in filters by name, with transformers' tojson. The filters themselves live by family:
 * {@link ValueFilters} convert one value, {@link TextFilters} work on its text, {@link SequenceFilters} on what it
 * iterates.
 */
final class Filters {
  private Filters() {}

  /** A filter: the value left of the '|' and the arguments after its name. */
  interface Filter {
    Object apply(Object value, Args args);
  }

  static final Map<String, Filter> BY_NAME = byName();

  private static Map<String, Filter> byName() {
    Map<String, Filter> filters = new HashMap<>();
    ValueFilters.addTo(filters);
    TextFilters.addTo(filters);
    SequenceFilters.addTo(filters);
    return Map.copyOf(filters);
  }
}
