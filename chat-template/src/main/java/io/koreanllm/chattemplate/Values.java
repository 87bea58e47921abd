package io.koreanllm.chattemplate;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What a value is in Python terms, as jinja2 sees JSON-like Java values: its type, its number, its truth and its
 * text. None is null, int is any integral Number (and Boolean, which Python treats as an int), float is
 * Double/Float/BigDecimal, str is String, list is List, tuple is {@link Tuple}, dict is Map. What operators do with
 * values is in {@link Comparison}, {@link Arithmetic} and {@link Access}.
 */
final class Values {
  private Values() {}

  // ---- types -------------------------------------------------------------------------------

  static boolean isInt(Object o) {
    return o instanceof Long || o instanceof Integer || o instanceof Boolean || o instanceof Short
        || o instanceof Byte || o instanceof BigInteger;
  }

  static boolean isFloat(Object o) {
    return o instanceof Double || o instanceof Float || o instanceof BigDecimal;
  }

  static boolean isNumber(Object o) {
    return isInt(o) || isFloat(o);
  }

  static String typeName(Object o) {
    if (o == null) {
      return "NoneType";
    }
    if (o instanceof Boolean) {
      return "bool";
    }
    if (isInt(o)) {
      return "int";
    }
    if (isFloat(o)) {
      return "float";
    }
    if (o instanceof String) {
      return "str";
    }
    if (o instanceof Tuple) {
      return "tuple";
    }
    if (o instanceof List) {
      return "list";
    }
    if (o instanceof Map) {
      return "dict";
    }
    if (o instanceof Undefined) {
      return "Undefined";
    }
    if (o instanceof Namespace) {
      return "Namespace";
    }
    if (o instanceof Iter) {
      return "generator";
    }
    return o instanceof Fn ? "function" : o instanceof BoundMethod ? "builtin_function_or_method" : "object";
  }

  // ---- numbers -------------------------------------------------------------------------------

  static long toLong(Object o) {
    if (o instanceof Boolean b) {
      return b ? 1 : 0;
    }
    if (o instanceof Number n) {
      return n.longValue();
    }
    throw new EvalError("'" + typeName(o) + "' object cannot be interpreted as an integer");
  }

  static double toDouble(Object o) {
    if (o instanceof Boolean b) {
      return b ? 1 : 0;
    }
    if (o instanceof Number n) {
      return n.doubleValue();
    }
    throw new EvalError("must be real number, not " + typeName(o));
  }

  // ---- truth and text ------------------------------------------------------------------------

  static boolean truthy(Object o) {
    if (o == null || o instanceof Undefined) {
      return false;
    }
    if (o instanceof Boolean b) {
      return b;
    }
    if (o instanceof String s) {
      return !s.isEmpty();
    }
    if (o instanceof Collection<?> c) {
      return !c.isEmpty();
    }
    if (o instanceof Map<?, ?> m) {
      return !m.isEmpty();
    }
    if (o instanceof BigDecimal d) {
      return d.signum() != 0;
    }
    if (o instanceof BigInteger i) {
      return i.signum() != 0;
    }
    if (o instanceof Number n) {
      return isFloat(o) ? n.doubleValue() != 0 : n.longValue() != 0;
    }
    return true;
  }

  /** Python str(): what {{ value }} prints. */
  static String str(Object o) {
    if (o instanceof String s) {
      return s;
    }
    if (o instanceof Undefined) {
      return "";
    }
    return repr(o);
  }

  /** str() of an optional argument: null (not given, or None) stays null. */
  static String optionalStr(Object o) {
    return o == null ? null : str(o);
  }

  /** Python repr(), used for items inside printed lists, tuples and dicts. */
  static String repr(Object o) {
    if (o == null) {
      return "None";
    }
    if (o instanceof String s) {
      return Strings.repr(s);
    }
    if (o instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (isFloat(o)) {
      return Strings.floatRepr(toDouble(o));
    }
    if (o instanceof Number) {
      return o.toString();
    }
    if (o instanceof List<?> list) {
      boolean tuple = o instanceof Tuple;
      StringBuilder sb = new StringBuilder(tuple ? "(" : "[");
      for (int i = 0; i < list.size(); i++) {
        sb.append(i == 0 ? "" : ", ").append(repr(list.get(i)));
      }
      return sb.append(tuple && list.size() == 1 ? ",)" : tuple ? ")" : "]").toString();
    }
    if (o instanceof Map<?, ?> map) {
      StringBuilder sb = new StringBuilder("{");
      for (Map.Entry<?, ?> e : map.entrySet()) {
        sb.append(sb.length() == 1 ? "" : ", ").append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
      }
      return sb.append('}').toString();
    }
    if (o instanceof Namespace ns) {
      return "<Namespace " + repr(ns.attrs) + ">";
    }
    return o instanceof Undefined ? "Undefined" : "<" + typeName(o) + ">";
  }
}
