package io.koreanllm.chattemplate;

import static io.koreanllm.chattemplate.Access.iterate;
import static io.koreanllm.chattemplate.Values.str;
import static io.koreanllm.chattemplate.Values.truthy;

import io.koreanllm.chattemplate.Filters.Filter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Filters on what a value iterates: length, join, first/last, reverse, items, dictsort, select/reject and their
 * attr forms, map, unique, min/max, sum. Those that return an iterator in Python return an {@link Iter}.
 */
final class SequenceFilters {
  private SequenceFilters() {}

  static void addTo(Map<String, Filter> f) {
    f.put("length", (v, a) -> (long) Access.length(v));
    f.put("count", f.get("length"));
    f.put("join", (v, a) -> {
      StringBuilder sb = new StringBuilder();
      String sep = str(a.get(0, "d", ""));
      Object attr = a.get(1, "attribute", null);
      for (Object item : iterate(v)) {
        sb.append(sb.length() == 0 ? "" : sep).append(str(attr == null ? item : attribute(item, str(attr))));
      }
      return sb.toString();
    });
    f.put("first", (v, a) -> {
      List<?> items = iterate(v);
      return items.isEmpty() ? new Undefined("No first item, sequence was empty.") : items.get(0);
    });
    f.put("last", (v, a) -> {
      List<?> items = iterate(v);
      return items.isEmpty() ? new Undefined("No last item, sequence was empty.") : items.get(items.size() - 1);
    });
    f.put("reverse", (v, a) -> {
      if (v instanceof String) {
        return Access.slice(v, null, null, -1L);
      }
      List<Object> items = new ArrayList<>(iterate(v));
      Collections.reverse(items);
      return v instanceof Iter ? items : new Iter(items); // reversed() is an iterator; list() of one is a list
    });
    f.put("items", (v, a) -> new Iter(Access.items(v)));
    f.put("dictsort", SequenceFilters::dictsort);
    f.put("select", (v, a) -> select(v, a, false, true));
    f.put("reject", (v, a) -> select(v, a, false, false));
    f.put("selectattr", (v, a) -> select(v, a, true, true));
    f.put("rejectattr", (v, a) -> select(v, a, true, false));
    f.put("map", SequenceFilters::map);
    f.put("unique", (v, a) -> {
      boolean caseSensitive = truthy(a.get(0, "case_sensitive", false));
      Object attr = a.get(1, "attribute", null);
      List<Object> seen = new ArrayList<>();
      List<Object> out = new ArrayList<>();
      for (Object item : iterate(v)) {
        Object key = sortKey(attr == null ? item : attribute(item, str(attr)), caseSensitive);
        if (seen.stream().noneMatch(k -> Comparison.eq(k, key))) {
          seen.add(key);
          out.add(item);
        }
      }
      return new Iter(out);
    });
    f.put("min", (v, a) -> extreme(v, a, -1));
    f.put("max", (v, a) -> extreme(v, a, 1));
    f.put("sum", (v, a) -> {
      Object attr = a.get(0, "attribute", null);
      Object total = a.get(1, "start", 0L);
      for (Object item : iterate(v)) {
        total = Arithmetic.add(total, attr == null ? item : attribute(item, str(attr)));
      }
      return total;
    });
  }

  /** dictsort(case_sensitive=False, by='key', reverse=False). */
  private static Object dictsort(Object v, Args a) {
    boolean caseSensitive = truthy(a.get(0, "case_sensitive", false));
    String by = str(a.get(1, "by", "key"));
    if (!by.equals("key") && !by.equals("value")) {
      throw new EvalError("You can only sort by either 'key' or 'value'");
    }
    int i = by.equals("key") ? 0 : 1;
    List<Object> items = Access.items(v);
    items.sort((x, y) -> Comparison.compare(sortKey(((Tuple) x).get(i), caseSensitive),
        sortKey(((Tuple) y).get(i), caseSensitive), "<"));
    if (truthy(a.get(2, "reverse", false))) {
      Collections.reverse(items);
    }
    return items;
  }

  private static Object sortKey(Object v, boolean caseSensitive) {
    return !caseSensitive && v instanceof String s ? s.toLowerCase(Locale.ROOT) : v;
  }

  /** jinja2's attribute getter: "a.b.0" walks items and attributes, digits as indexes. */
  private static Object attribute(Object item, String path) {
    for (String part : path.split("\\.")) {
      item = Access.getItem(item,
          !part.isEmpty() && part.chars().allMatch(Character::isDigit) ? (Object) Long.parseLong(part) : part);
    }
    return item;
  }

  /** select/reject(test, args...) and selectattr/rejectattr(attr, test, args...); no test means truthiness. */
  private static Object select(Object v, Args a, boolean byAttribute, boolean keep) {
    int testAt = byAttribute ? 1 : 0;
    String attr = byAttribute ? str(a.get(0, "attr", "")) : null;
    Tests.Test test = null;
    Args testArgs = Args.EMPTY;
    if (a.pos.length > testAt) {
      String name = str(a.pos[testAt]);
      test = Tests.BY_NAME.get(name);
      if (test == null) {
        throw new EvalError("No test named '" + name + "'.");
      }
      testArgs = a.drop(testAt + 1);
    }
    List<Object> out = new ArrayList<>();
    for (Object item : iterate(v)) {
      Object x = attr == null ? item : attribute(item, attr);
      if ((test == null ? truthy(x) : test.test(x, testArgs)) == keep) {
        out.add(item);
      }
    }
    return new Iter(out);
  }

  /** map(attribute='x', default=...) or map('filter', args...). */
  private static Object map(Object v, Args a) {
    List<Object> out = new ArrayList<>();
    Object attr = a.pos.length == 0 ? a.kw("attribute", null) : null;
    if (attr != null) {
      Object dflt = a.kw("default", null);
      for (Object item : iterate(v)) {
        Object x = attribute(item, str(attr));
        out.add(dflt != null && x instanceof Undefined ? dflt : x);
      }
      return new Iter(out);
    }
    if (a.pos.length == 0) {
      throw new EvalError("map requires a filter argument");
    }
    String name = str(a.pos[0]);
    Filter filter = Filters.BY_NAME.get(name);
    if (filter == null) {
      throw new EvalError("No filter named '" + name + "'.");
    }
    Args rest = a.drop(1);
    for (Object item : iterate(v)) {
      out.add(filter.apply(item, rest));
    }
    return new Iter(out);
  }

  /** min (sign -1) and max (sign 1), case-insensitive by default. */
  private static Object extreme(Object v, Args a, int sign) {
    boolean caseSensitive = truthy(a.get(0, "case_sensitive", false));
    Object attr = a.get(1, "attribute", null);
    Comparator<Object> order = Comparator.comparing(x -> sortKey(attr == null ? x : attribute(x, str(attr)),
        caseSensitive), (x, y) -> Comparison.compare(x, y, "<"));
    Object best = null;
    boolean found = false;
    for (Object item : iterate(v)) {
      if (!found || order.compare(item, best) * sign > 0) {
        best = item;
        found = true;
      }
    }
    return found ? best : new Undefined("No aggregated item, sequence was empty.");
  }
}
