package io.koreanllm.chattemplate;

import static io.koreanllm.chattemplate.Values.isInt;
import static io.koreanllm.chattemplate.Values.str;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** jinja2's built-in tests ({@code value is name(args)}) by name, with their operator aliases. */
final class Tests {
  private Tests() {}

  /** A test: the value left of {@code is} and the arguments after its name. */
  interface Test {
    boolean test(Object value, Args args);
  }

  static final Map<String, Test> BY_NAME = byName();

  private static Map<String, Test> byName() {
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
    t.put("iterable", (v, a) -> v instanceof String || v instanceof Collection || v instanceof Map
        || v instanceof Iter || v instanceof Undefined);
    t.put("sequence", (v, a) -> v instanceof String || v instanceof List || v instanceof Map || v instanceof Undefined);
    t.put("callable", (v, a) -> v instanceof Fn || v instanceof BoundMethod);
    t.put("even", (v, a) -> Comparison.eq(Arithmetic.mod(v, 2L), 0L));
    t.put("odd", (v, a) -> Comparison.eq(Arithmetic.mod(v, 2L), 1L));
    t.put("divisibleby", (v, a) -> Comparison.eq(Arithmetic.mod(v, a.get(0, "num", null)), 0L));
    t.put("eq", (v, a) -> Comparison.eq(v, a.get(0, "other", null)));
    t.put("ne", (v, a) -> !Comparison.eq(v, a.get(0, "other", null)));
    t.put("lt", (v, a) -> Comparison.compare(v, a.get(0, "other", null), "<") < 0);
    t.put("le", (v, a) -> Comparison.compare(v, a.get(0, "other", null), "<=") <= 0);
    t.put("gt", (v, a) -> Comparison.compare(v, a.get(0, "other", null), ">") > 0);
    t.put("ge", (v, a) -> Comparison.compare(v, a.get(0, "other", null), ">=") >= 0);
    for (String[] alias : new String[][] {{"==", "eq"}, {"equalto", "eq"}, {"!=", "ne"}, {"<", "lt"},
        {"lessthan", "lt"}, {"<=", "le"}, {">", "gt"}, {"greaterthan", "gt"}, {">=", "ge"}}) {
      t.put(alias[0], t.get(alias[1]));
    }
    t.put("in", (v, a) -> Comparison.contains(a.get(0, "seq", null), v));
    t.put("sameas", (v, a) -> v == a.get(0, "other", null)
        || (v instanceof Boolean && v.equals(a.get(0, "other", null))));
    t.put("lower", (v, a) -> Strings.isCased(str(v), false));
    t.put("upper", (v, a) -> Strings.isCased(str(v), true));
    t.put("filter", (v, a) -> Filters.BY_NAME.containsKey(str(v)));
    t.put("test", (v, a) -> BY_NAME.containsKey(str(v)));
    return Map.copyOf(t);
  }
}
