package io.koreanllm.chattemplate;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Python's comparison operators: {@code ==} (and {@code !=}), the ordering ones and {@code in}. */
final class Comparison {
  private Comparison() {}

  static boolean eq(Object a, Object b) {
    if (a == b) {
      return true;
    }
    if (a == null || b == null) {
      return false;
    }
    if (Values.isNumber(a) && Values.isNumber(b)) {
      return Values.isInt(a) && Values.isInt(b)
          ? Values.toLong(a) == Values.toLong(b) : Values.toDouble(a) == Values.toDouble(b);
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if ((a instanceof Tuple) != (b instanceof Tuple) || x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!eq(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : x.entrySet()) {
        if (!y.containsKey(e.getKey()) || !eq(e.getValue(), y.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Undefined && b instanceof Undefined) {
      return true;
    }
    return a.equals(b);
  }

  /** Python ordering for <, >, <=, >=, sort, min and max. */
  static int compare(Object a, Object b, String op) {
    Undefined.failIfEither(a, b);
    if (Values.isNumber(a) && Values.isNumber(b)) {
      return Values.isInt(a) && Values.isInt(b)
          ? Long.compare(Values.toLong(a), Values.toLong(b)) : Double.compare(Values.toDouble(a), Values.toDouble(b));
    }
    if (a instanceof String x && b instanceof String y) {
      return x.compareTo(y);
    }
    if (a instanceof List<?> x && b instanceof List<?> y && (a instanceof Tuple) == (b instanceof Tuple)) {
      for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
        if (!eq(x.get(i), y.get(i))) {
          return compare(x.get(i), y.get(i), op);
        }
      }
      return Integer.compare(x.size(), y.size());
    }
    throw new EvalError("'" + op + "' not supported between instances of '" + Values.typeName(a) + "' and '"
        + Values.typeName(b) + "'");
  }

  /** Python {@code item in container}. */
  static boolean contains(Object container, Object item) {
    if (container instanceof String s) {
      if (item instanceof String t) {
        return s.contains(t);
      }
      Undefined.failIf(item);
      throw new EvalError("'in <string>' requires string as left operand, not " + Values.typeName(item));
    }
    if (container instanceof Map<?, ?> m) {
      return item instanceof String ? m.containsKey(item) : anyEqual(m.keySet(), item);
    }
    if (container instanceof Collection<?> c) {
      return anyEqual(c, item);
    }
    if (container instanceof Iter it) {
      return anyEqual(it.items, item);
    }
    if (container instanceof Undefined) {
      return false; // iterates as empty
    }
    throw new EvalError("argument of type '" + Values.typeName(container) + "' is not iterable");
  }

  private static boolean anyEqual(Collection<?> c, Object item) {
    for (Object x : c) {
      if (eq(x, item)) {
        return true;
      }
    }
    return false;
  }
}
