package io.koreanllm.chattemplate;

import static io.koreanllm.chattemplate.Values.isInt;
import static io.koreanllm.chattemplate.Values.iterate;
import static io.koreanllm.chattemplate.Values.str;
import static io.koreanllm.chattemplate.Values.toLong;
import static io.koreanllm.chattemplate.Values.truthy;

import io.koreanllm.chattemplate.Values.Args;
import io.koreanllm.chattemplate.Values.EvalError;
import io.koreanllm.chattemplate.Values.Fn;
import io.koreanllm.chattemplate.Values.Iter;
import io.koreanllm.chattemplate.Values.Tuple;
import io.koreanllm.chattemplate.Values.Undefined;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * jinja2's built-in filters, tests and globals, transformers' additions (tojson with Python
 * json.dumps output, raise_exception, strftime_now), and the Python str/list/dict methods
 * templates call.
 */
final class Builtins {
  private Builtins() {}

  interface Filter {
    Object apply(Object value, Args args);
  }

  interface Test {
    boolean test(Object value, Args args);
  }

  private static final Set<String> STR_METHODS = Set.of(
      "startswith", "endswith", "split", "rsplit", "strip", "lstrip", "rstrip", "upper", "lower", "title",
      "capitalize", "replace", "find", "rfind", "index", "count", "format", "join", "splitlines",
      "isdigit", "isdecimal", "isnumeric", "isalpha", "isalnum", "isspace", "isupper", "islower");
  /** ImmutableSandboxedEnvironment refuses these: a template may not mutate a list or dict. */
  private static final Set<String> MUTATING = Set.of(
      "append", "extend", "insert", "pop", "remove", "reverse", "sort", "clear", "popitem", "setdefault", "update");
  private static final Set<String> LIST_METHODS = Set.of(
      "index", "count", "append", "extend", "insert", "pop", "remove", "reverse", "sort", "clear");
  private static final Set<String> DICT_METHODS = Set.of(
      "items", "keys", "values", "get", "copy", "pop", "popitem", "setdefault", "update", "clear");
  private static final int MAX_RANGE = 100_000; // jinja2's sandbox limit

  static final Map<String, Filter> FILTERS = filters();
  static final Map<String, Test> TESTS = tests();
  static final Map<String, Object> GLOBALS = globals();

  // ---- filters -------------------------------------------------------------------------------

  private static Map<String, Filter> filters() {
    Map<String, Filter> f = new HashMap<>();
    f.put("length", (v, a) -> (long) Values.length(v));
    f.put("count", f.get("length"));
    // transformers' tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False)
    f.put("tojson", (v, a) -> Json.dumps(v, truthy(a.get(0, "ensure_ascii", false)), a.get(1, "indent", null),
        a.get(2, "separators", null), truthy(a.get(3, "sort_keys", false))));
    f.put("trim", (v, a) -> Strings.strip(str(v), optionalStr(a.get(0, "chars", null)), true, true));
    f.put("upper", (v, a) -> str(v).toUpperCase(Locale.ROOT));
    f.put("lower", (v, a) -> str(v).toLowerCase(Locale.ROOT));
    f.put("title", (v, a) -> Strings.titleFilter(str(v)));
    f.put("capitalize", (v, a) -> Strings.capitalize(str(v)));
    f.put("default", (v, a) -> v instanceof Undefined || (truthy(a.get(1, "boolean", false)) && !truthy(v))
        ? a.get(0, "default_value", "") : v);
    f.put("d", f.get("default"));
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
        return Values.slice(v, null, null, -1L);
      }
      List<Object> items = new ArrayList<>(iterate(v));
      Collections.reverse(items);
      return v instanceof Iter ? items : new Iter(items); // reversed() is an iterator; list() of one is a list
    });
    f.put("list", (v, a) -> new ArrayList<>(iterate(v)));
    f.put("string", (v, a) -> str(v));
    f.put("safe", (v, a) -> str(v));
    f.put("escape", (v, a) -> escape(str(v))); // markupsafe.escape: the filter escapes even without autoescape
    f.put("e", f.get("escape"));
    f.put("int", Builtins::toInt);
    f.put("float", (v, a) -> {
      try {
        return v instanceof String s ? Double.parseDouble(s.strip()) : Values.toDouble(v);
      } catch (RuntimeException e) {
        return a.get(0, "default", 0.0);
      }
    });
    f.put("abs", (v, a) -> isInt(v) ? (Object) Math.abs(toLong(v)) : (Object) Math.abs(Values.toDouble(v)));
    f.put("round", Builtins::round);
    f.put("items", (v, a) -> new Iter(items(v)));
    f.put("dictsort", (v, a) -> {
      boolean caseSensitive = truthy(a.get(0, "case_sensitive", false));
      String by = str(a.get(1, "by", "key"));
      if (!by.equals("key") && !by.equals("value")) {
        throw new EvalError("You can only sort by either 'key' or 'value'");
      }
      int i = by.equals("key") ? 0 : 1;
      List<Object> items = items(v);
      items.sort((x, y) -> Values.compare(sortKey(((Tuple) x).get(i), caseSensitive), sortKey(((Tuple) y).get(i), caseSensitive), "<"));
      if (truthy(a.get(2, "reverse", false))) {
        Collections.reverse(items);
      }
      return items;
    });
    f.put("select", (v, a) -> select(v, a, false, true));
    f.put("reject", (v, a) -> select(v, a, false, false));
    f.put("selectattr", (v, a) -> select(v, a, true, true));
    f.put("rejectattr", (v, a) -> select(v, a, true, false));
    f.put("map", Builtins::map);
    f.put("unique", (v, a) -> {
      boolean caseSensitive = truthy(a.get(0, "case_sensitive", false));
      Object attr = a.get(1, "attribute", null);
      List<Object> seen = new ArrayList<>();
      List<Object> out = new ArrayList<>();
      for (Object item : iterate(v)) {
        Object key = sortKey(attr == null ? item : attribute(item, str(attr)), caseSensitive);
        if (seen.stream().noneMatch(k -> Values.eq(k, key))) {
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
        total = Values.add(total, attr == null ? item : attribute(item, str(attr)));
      }
      return total;
    });
    f.put("replace", (v, a) -> replace(str(v), str(a.get(0, "old", "")), str(a.get(1, "new", "")),
        a.get(2, "count", null) == null ? -1 : toLong(a.get(2, "count", null))));
    f.put("indent", Builtins::indent);
    f.put("wordcount", (v, a) -> {
      long words = 0;
      boolean inWord = false;
      for (char c : str(v).toCharArray()) {
        boolean w = Character.isLetterOrDigit(c) || c == '_';
        words += w && !inWord ? 1 : 0;
        inWord = w;
      }
      return words;
    });
    return Map.copyOf(f);
  }

  private static String optionalStr(Object o) {
    return o == null ? null : str(o);
  }

  /** {@code int(value)}, then {@code int(float(value))} so "42.23"|int is 42, else the default. */
  private static Object toInt(Object v, Args a) {
    Object dflt = a.get(0, "default", 0L);
    try {
      if (v instanceof String s) {
        String digits = s.strip().replace("_", "");
        try {
          return Long.parseLong(digits.startsWith("+") ? digits.substring(1) : digits, (int) toLong(a.get(1, "base", 10L)));
        } catch (NumberFormatException e) {
          return (long) Double.parseDouble(digits);
        }
      }
      return isInt(v) ? toLong(v) : (long) Values.toDouble(v);
    } catch (RuntimeException e) {
      return dflt;
    }
  }

  /** round(value, precision=0, method='common'): Python's round (half to even on the exact binary value). */
  private static Object round(Object v, Args a) {
    int precision = (int) toLong(a.get(0, "precision", 0L));
    String method = str(a.get(1, "method", "common"));
    if (method.equals("common")) {
      if (isInt(v)) {
        return BigDecimal.valueOf(toLong(v)).setScale(Math.min(precision, 0), RoundingMode.HALF_EVEN).longValue();
      }
      double d = Values.toDouble(v);
      return Double.isFinite(d) ? new BigDecimal(d).setScale(precision, RoundingMode.HALF_EVEN).doubleValue() : d;
    }
    if (!method.equals("ceil") && !method.equals("floor")) {
      throw new EvalError("method must be common, ceil or floor");
    }
    double scale = Math.pow(10, precision);
    double scaled = Values.toDouble(v) * scale;
    return (method.equals("ceil") ? Math.ceil(scaled) : Math.floor(scaled)) / scale;
  }

  private static List<Object> items(Object v) {
    if (v instanceof Undefined) {
      return new ArrayList<>();
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw new EvalError("Can only get item pairs from a mapping.");
    }
    List<Object> items = new ArrayList<>(m.size());
    m.forEach((k, x) -> items.add(new Tuple(k, x)));
    return items;
  }

  private static Object sortKey(Object v, boolean caseSensitive) {
    return !caseSensitive && v instanceof String s ? s.toLowerCase(Locale.ROOT) : v;
  }

  /** jinja2's attribute getter: "a.b.0" walks items and attributes, digits as indexes. */
  private static Object attribute(Object item, String path) {
    for (String part : path.split("\\.")) {
      item = Values.getItem(item, !part.isEmpty() && part.chars().allMatch(Character::isDigit) ? (Object) Long.parseLong(part) : part);
    }
    return item;
  }

  /** select/reject(test, args...) and selectattr/rejectattr(attr, test, args...); no test means truthiness. */
  private static Object select(Object v, Args a, boolean byAttribute, boolean keep) {
    int testAt = byAttribute ? 1 : 0;
    String attr = byAttribute ? str(a.get(0, "attr", "")) : null;
    Test test = null;
    Args testArgs = Args.EMPTY;
    if (a.pos.length > testAt) {
      String name = str(a.pos[testAt]);
      test = TESTS.get(name);
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
    Filter filter = FILTERS.get(name);
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
    Comparator<Object> order = Comparator.comparing(
        x -> sortKey(attr == null ? x : attribute(x, str(attr)), caseSensitive), (x, y) -> Values.compare(x, y, "<"));
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

  private static String replace(String s, String old, String replacement, long count) {
    if (count < 0) {
      return s.replace(old, replacement);
    }
    StringBuilder sb = new StringBuilder();
    int from = 0;
    for (long n = 0; n < count && !old.isEmpty(); n++) {
      int i = s.indexOf(old, from);
      if (i < 0) {
        break;
      }
      sb.append(s, from, i).append(replacement);
      from = i + old.length();
    }
    return sb.append(s, from, s.length()).toString();
  }

  /** indent(width=4, first=False, blank=False), including jinja2's appended-newline quirk. */
  private static Object indent(Object v, Args a) {
    Object width = a.get(0, "width", 4L);
    String pad = width instanceof String w ? w : " ".repeat((int) Math.max(0, toLong(width)));
    List<Object> lines = Strings.splitLines(str(v) + "\n", false);
    StringBuilder sb = new StringBuilder();
    boolean blank = truthy(a.get(2, "blank", false));
    for (int i = 0; i < lines.size(); i++) {
      String line = (String) lines.get(i);
      sb.append(i == 0 ? "" : "\n").append(i == 0 || (line.isEmpty() && !blank) ? "" : pad).append(line);
    }
    return truthy(a.get(1, "first", false)) ? pad + sb : sb.toString();
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&#34;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  // ---- tests ---------------------------------------------------------------------------------

  private static Map<String, Test> tests() {
    Map<String, Test> t = new HashMap<>();
    t.put("defined", (v, a) -> !(v instanceof Undefined));
    t.put("undefined", (v, a) -> v instanceof Undefined);
    t.put("none", (v, a) -> v == null);
    t.put("string", (v, a) -> v instanceof String);
    t.put("number", (v, a) -> Values.isNumber(v)); // a bool is a number in Python
    t.put("integer", (v, a) -> isInt(v) && !(v instanceof Boolean));
    t.put("float", (v, a) -> Values.isFloat(v));
    t.put("boolean", (v, a) -> v instanceof Boolean);
    t.put("true", (v, a) -> Boolean.TRUE.equals(v));
    t.put("false", (v, a) -> Boolean.FALSE.equals(v));
    t.put("mapping", (v, a) -> v instanceof Map);
    t.put("iterable", (v, a) -> v instanceof String || v instanceof java.util.Collection || v instanceof Map
        || v instanceof Iter || v instanceof Undefined);
    t.put("sequence", (v, a) -> v instanceof String || v instanceof List || v instanceof Map || v instanceof Undefined);
    t.put("callable", (v, a) -> v instanceof Fn || v instanceof Values.BoundMethod);
    t.put("even", (v, a) -> Values.eq(Values.mod(v, 2L), 0L));
    t.put("odd", (v, a) -> Values.eq(Values.mod(v, 2L), 1L));
    t.put("divisibleby", (v, a) -> Values.eq(Values.mod(v, a.get(0, "num", null)), 0L));
    t.put("eq", (v, a) -> Values.eq(v, a.get(0, "other", null)));
    t.put("ne", (v, a) -> !Values.eq(v, a.get(0, "other", null)));
    t.put("lt", (v, a) -> Values.compare(v, a.get(0, "other", null), "<") < 0);
    t.put("le", (v, a) -> Values.compare(v, a.get(0, "other", null), "<=") <= 0);
    t.put("gt", (v, a) -> Values.compare(v, a.get(0, "other", null), ">") > 0);
    t.put("ge", (v, a) -> Values.compare(v, a.get(0, "other", null), ">=") >= 0);
    for (String[] alias : new String[][] {{"==", "eq"}, {"equalto", "eq"}, {"!=", "ne"}, {"<", "lt"},
        {"lessthan", "lt"}, {"<=", "le"}, {">", "gt"}, {"greaterthan", "gt"}, {">=", "ge"}}) {
      t.put(alias[0], t.get(alias[1]));
    }
    t.put("in", (v, a) -> Values.contains(a.get(0, "seq", null), v));
    t.put("sameas", (v, a) -> v == a.get(0, "other", null) || (v instanceof Boolean && v.equals(a.get(0, "other", null))));
    t.put("lower", (v, a) -> cased(str(v), false));
    t.put("upper", (v, a) -> cased(str(v), true));
    t.put("filter", (v, a) -> FILTERS.containsKey(str(v)));
    t.put("test", (v, a) -> TESTS.containsKey(str(v)));
    return Map.copyOf(t);
  }

  /** Python str.isupper()/islower(): some cased character, and every cased one in that case. */
  private static boolean cased(String s, boolean upper) {
    boolean any = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isUpperCase(c) || Character.isLowerCase(c) || Character.isTitleCase(c)) {
        if (upper ? !Character.isUpperCase(c) : !Character.isLowerCase(c)) {
          return false;
        }
        any = true;
      }
    }
    return any;
  }

  // ---- globals -------------------------------------------------------------------------------

  private static Map<String, Object> globals() {
    Map<String, Object> g = new HashMap<>();
    g.put("range", (Fn) Builtins::range);
    g.put("namespace", (Fn) a -> {
      Values.Namespace ns = new Values.Namespace();
      putAll(ns.attrs, a);
      return ns;
    });
    g.put("dict", (Fn) a -> {
      Map<String, Object> m = new LinkedHashMap<>();
      putAll(m, a);
      return m;
    });
    g.put("raise_exception", (Fn) a -> {
      throw new TemplateException(str(a.get(0, "message", "")));
    });
    g.put("strftime_now", (Fn) a -> strftime(ZonedDateTime.now(), str(a.get(0, "format", ""))));
    return Map.copyOf(g);
  }

  /** dict(mapping, **kwargs) / namespace(mapping, **kwargs). */
  private static void putAll(Map<String, Object> target, Args a) {
    if (a.pos.length > 0) {
      ((Map<?, ?>) a.pos[0]).forEach((k, v) -> target.put(str(k), v));
    }
    for (int i = 0; i < a.names.length; i++) {
      target.put(a.names[i], a.named[i]);
    }
  }

  private static Object range(Args a) {
    long start = a.pos.length > 1 ? toLong(a.pos[0]) : 0;
    long stop = toLong(a.pos.length > 1 ? a.pos[1] : a.get(0, "stop", 0L));
    long step = a.pos.length > 2 ? toLong(a.pos[2]) : 1;
    if (step == 0) {
      throw new EvalError("range() arg 3 must not be zero");
    }
    List<Object> out = new ArrayList<>();
    for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
      if (out.size() >= MAX_RANGE) {
        throw new EvalError("Range too big. The sandbox blocks ranges larger than MAX_RANGE (" + MAX_RANGE + ").");
      }
      out.add(i);
    }
    return out;
  }

  /** Python strftime with the C locale; "%-d" style flags (glibc) drop the padding. */
  static String strftime(ZonedDateTime t, String format) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c != '%' || i + 1 == format.length()) {
        sb.append(c);
        continue;
      }
      char code = format.charAt(++i);
      boolean pad = true;
      if (code == '-' && i + 1 < format.length()) {
        pad = false;
        code = format.charAt(++i);
      }
      int hour12 = t.getHour() % 12 == 0 ? 12 : t.getHour() % 12;
      switch (code) {
        case 'Y' -> sb.append(t.getYear());
        case 'y' -> sb.append(num(t.getYear() % 100, 2, pad));
        case 'm' -> sb.append(num(t.getMonthValue(), 2, pad));
        case 'd' -> sb.append(num(t.getDayOfMonth(), 2, pad));
        case 'e' -> sb.append(pad && t.getDayOfMonth() < 10 ? " " : "").append(t.getDayOfMonth());
        case 'j' -> sb.append(num(t.getDayOfYear(), 3, pad));
        case 'H' -> sb.append(num(t.getHour(), 2, pad));
        case 'I' -> sb.append(num(hour12, 2, pad));
        case 'M' -> sb.append(num(t.getMinute(), 2, pad));
        case 'S' -> sb.append(num(t.getSecond(), 2, pad));
        case 'f' -> sb.append(num(t.getNano() / 1000, 6, true));
        case 'p' -> sb.append(t.getHour() < 12 ? "AM" : "PM");
        case 'a' -> sb.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.US));
        case 'A' -> sb.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US));
        case 'b', 'h' -> sb.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.US));
        case 'B' -> sb.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.US));
        case 'u' -> sb.append(t.getDayOfWeek().getValue());
        case 'w' -> sb.append(t.getDayOfWeek().getValue() % 7);
        case 'z' -> sb.append(t.getOffset().getId().equals("Z") ? "+0000" : t.getOffset().getId().replace(":", ""));
        case 'Z' -> sb.append(t.getZone().getDisplayName(TextStyle.SHORT, Locale.US));
        case 'F' -> sb.append(strftime(t, "%Y-%m-%d"));
        case 'T', 'X' -> sb.append(strftime(t, "%H:%M:%S"));
        case 'D', 'x' -> sb.append(strftime(t, "%m/%d/%y"));
        case 'R' -> sb.append(strftime(t, "%H:%M"));
        case 'c' -> sb.append(strftime(t, "%a %b %e %H:%M:%S %Y"));
        case '%' -> sb.append('%');
        default -> sb.append('%').append(pad ? "" : "-").append(code);
      }
    }
    return sb.toString();
  }

  private static String num(int n, int width, boolean pad) {
    String s = Integer.toString(n);
    return pad && s.length() < width ? "0".repeat(width - s.length()) + s : s;
  }

  // ---- methods -------------------------------------------------------------------------------

  static boolean hasMethod(Object obj, String name) {
    if (obj instanceof String) {
      return STR_METHODS.contains(name);
    }
    if (obj instanceof Tuple) {
      return name.equals("index") || name.equals("count");
    }
    if (obj instanceof List) {
      return LIST_METHODS.contains(name);
    }
    if (obj instanceof Map) {
      return DICT_METHODS.contains(name);
    }
    return obj instanceof Node.LoopInfo && name.equals("cycle");
  }

  static Object callMethod(Object self, String name, Args a) {
    if (MUTATING.contains(name)) {
      throw new EvalError("access to attribute '" + name + "' of '" + Values.typeName(self) + "' object is unsafe.");
    }
    if (self instanceof String s) {
      return strMethod(s, name, a);
    }
    if (self instanceof Map<?, ?> m) {
      switch (name) {
        case "items": return items(m);
        case "keys": return new ArrayList<>(m.keySet());
        case "values": return new ArrayList<>(m.values());
        case "copy": return new LinkedHashMap<>(m);
        default: { // get(key, default=None)
          Object key = a.get(0, "key", null);
          return m.containsKey(key) ? m.get(key) : a.get(1, "default", null);
        }
      }
    }
    if (self instanceof Node.LoopInfo loop) {
      return loop.cycle(a);
    }
    List<?> list = (List<?>) self;
    Object x = a.get(0, "value", null);
    long found = name.equals("count") ? list.stream().filter(y -> Values.eq(x, y)).count() : indexOf(list, x);
    if (found < 0) {
      throw new EvalError(Values.repr(x) + " is not in list");
    }
    return found;
  }

  private static long indexOf(List<?> list, Object x) {
    for (int i = 0; i < list.size(); i++) {
      if (Values.eq(list.get(i), x)) {
        return i;
      }
    }
    return -1;
  }

  private static Object strMethod(String s, String name, Args a) {
    switch (name) {
      case "startswith":
      case "endswith": {
        Object arg = a.get(0, "prefix", null);
        for (Object p : arg instanceof List ? (List<?>) arg : List.of(arg == null ? "" : arg)) {
          if (!(p instanceof String prefix)) {
            throw new EvalError(name + " first arg must be str or a tuple of str, not " + Values.typeName(p));
          }
          if (name.equals("startswith") ? s.startsWith(prefix) : s.endsWith(prefix)) {
            return true;
          }
        }
        return false;
      }
      case "split":
      case "rsplit":
        return Strings.split(s, optionalStr(a.get(0, "sep", null)), (int) toLong(a.get(1, "maxsplit", -1L)), name.equals("rsplit"));
      case "strip":
      case "lstrip":
      case "rstrip": {
        String chars = optionalStr(a.get(0, "chars", null));
        return Strings.strip(s, chars, !name.equals("rstrip"), !name.equals("lstrip"));
      }
      case "upper": return s.toUpperCase(Locale.ROOT);
      case "lower": return s.toLowerCase(Locale.ROOT);
      case "title": return Strings.title(s);
      case "capitalize": return Strings.capitalize(s);
      case "replace":
        return replace(s, str(a.get(0, "old", "")), str(a.get(1, "new", "")), toLong(a.get(2, "count", -1L)));
      case "find":
      case "rfind":
      case "index": {
        String sub = str(a.get(0, "sub", ""));
        long i = Strings.codePointIndex(s, name.equals("rfind") ? s.lastIndexOf(sub) : s.indexOf(sub));
        if (i < 0 && name.equals("index")) {
          throw new EvalError("substring not found");
        }
        return i;
      }
      case "count": {
        String sub = str(a.get(0, "sub", ""));
        if (sub.isEmpty()) {
          return (long) Values.length(s) + 1;
        }
        long n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length())) {
          n++;
        }
        return n;
      }
      case "format": return Strings.format(s, a);
      case "join": {
        StringBuilder sb = new StringBuilder();
        List<?> items = iterate(a.get(0, "iterable", null));
        for (int i = 0; i < items.size(); i++) {
          if (!(items.get(i) instanceof String item)) {
            throw new EvalError("sequence item " + i + ": expected str instance, " + Values.typeName(items.get(i)) + " found");
          }
          sb.append(i == 0 ? "" : s).append(item);
        }
        return sb.toString();
      }
      case "splitlines": return Strings.splitLines(s, truthy(a.get(0, "keepends", false)));
      case "isupper": return cased(s, true);
      case "islower": return cased(s, false);
      default: // isdigit, isdecimal, isnumeric, isalpha, isalnum, isspace: every character, and not empty
        return !s.isEmpty() && s.codePoints().allMatch(cp -> switch (name) {
          case "isalpha" -> Character.isLetter(cp);
          case "isalnum" -> Character.isLetterOrDigit(cp);
          case "isspace" -> cp < 0x10000 && Strings.isSpace((char) cp);
          case "isnumeric" -> Character.isDigit(cp) || Character.getType(cp) == Character.OTHER_NUMBER
              || Character.getType(cp) == Character.LETTER_NUMBER;
          default -> Character.isDigit(cp);
        });
    }
  }
}
