package io.koreanllm.chattemplate;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Python value semantics over JSON-like Java values, as jinja2 evaluates them: None is null,
 * int is any integral Number (and Boolean, which Python treats as an int), float is
 * Double/Float/BigDecimal, str is String, list is List, tuple is {@link Tuple}, dict is Map.
 */
final class Values {
  private Values() {}

  /** A render-time error without a line; the statement that was running adds its line. */
  static final class EvalError extends RuntimeException {
    EvalError(String message) {
      super(message, null, false, false);
    }
  }

  /** jinja2's default Undefined: falsy, prints as "", iterates as empty; most other uses fail. */
  static final class Undefined {
    private final String hint;

    Undefined(String hint) {
      this.hint = hint;
    }

    static Undefined name(String name) {
      return new Undefined("'" + name + "' is undefined");
    }

    static Undefined attr(Object obj, String name) {
      return new Undefined(typeRepr(obj) + " has no attribute '" + name + "'");
    }

    static Undefined element(Object obj, Object key) {
      return key instanceof String s ? attr(obj, s) : new Undefined(typeRepr(obj) + " has no element " + repr(key));
    }

    private static String typeRepr(Object obj) {
      return obj == null ? "'None'" : "'" + typeName(obj) + " object'";
    }

    EvalError fail() {
      return new EvalError(hint);
    }
  }

  /** An immutable Python tuple; it differs from a list in repr and equality. */
  static final class Tuple extends AbstractList<Object> {
    private final Object[] items;

    Tuple(Object... items) {
      this.items = items;
    }

    @Override
    public Object get(int index) {
      return items[index];
    }

    @Override
    public int size() {
      return items.length;
    }
  }

  /**
   * The iterator that select, map, reverse, items, unique... return in Python: always truthy, no
   * len(), printed as a generator. (Unlike Python it can be iterated more than once.)
   */
  static final class Iter {
    final List<Object> items;

    Iter(List<Object> items) {
      this.items = items;
    }
  }

  /** jinja2's namespace(): the one object whose attributes a template may assign. */
  static final class Namespace {
    final Map<String, Object> attrs = new LinkedHashMap<>();
  }

  /** {@code obj.name} where name is a method; called by {@link #call}. */
  record BoundMethod(Object self, String name) {}

  /** Something callable from a template: a macro or a global function. */
  interface Fn {
    Object call(Args args);
  }

  /** Evaluated call arguments: positional, then keyword. */
  static final class Args {
    static final Args EMPTY = new Args(new Object[0], new String[0], new Object[0]);
    final Object[] pos;
    final String[] names;
    final Object[] named;

    Args(Object[] pos, String[] names, Object[] named) {
      this.pos = pos;
      this.names = names;
      this.named = named;
    }

    /** Python-style binding: the i-th positional argument or the keyword argument {@code name}. */
    Object get(int i, String name, Object dflt) {
      return i < pos.length ? pos[i] : kw(name, dflt);
    }

    Object kw(String name, Object dflt) {
      for (int k = 0; k < names.length; k++) {
        if (names[k].equals(name)) {
          return named[k];
        }
      }
      return dflt;
    }

    /** The same arguments without the first n positional ones (filter/test arguments after a name). */
    Args drop(int n) {
      Object[] rest = new Object[Math.max(0, pos.length - n)];
      System.arraycopy(pos, pos.length - rest.length, rest, 0, rest.length);
      return new Args(rest, names, named);
    }
  }

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

  // ---- truth, text, equality, ordering ----------------------------------------------------------

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

  static boolean eq(Object a, Object b) {
    if (a == b) {
      return true;
    }
    if (a == null || b == null) {
      return false;
    }
    if (isNumber(a) && isNumber(b)) {
      return isInt(a) && isInt(b) ? toLong(a) == toLong(b) : toDouble(a) == toDouble(b);
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
    failIfUndefined(a, b);
    if (isNumber(a) && isNumber(b)) {
      return isInt(a) && isInt(b) ? Long.compare(toLong(a), toLong(b)) : Double.compare(toDouble(a), toDouble(b));
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
    throw new EvalError("'" + op + "' not supported between instances of '" + typeName(a) + "' and '" + typeName(b) + "'");
  }

  // ---- arithmetic ----------------------------------------------------------------------------

  static Object add(Object a, Object b) {
    failIfUndefined(a, b);
    if (isInt(a) && isInt(b)) {
      return Math.addExact(toLong(a), toLong(b));
    }
    if (isNumber(a) && isNumber(b)) {
      return toDouble(a) + toDouble(b);
    }
    if (a instanceof String x && b instanceof String y) {
      return x.concat(y);
    }
    if (a instanceof List<?> x && b instanceof List<?> y && (a instanceof Tuple) == (b instanceof Tuple)) {
      List<Object> all = new ArrayList<>(x);
      all.addAll(y);
      return a instanceof Tuple ? new Tuple(all.toArray()) : all;
    }
    throw operandError("+", a, b);
  }

  static Object sub(Object a, Object b) {
    failIfUndefined(a, b);
    if (isInt(a) && isInt(b)) {
      return Math.subtractExact(toLong(a), toLong(b));
    }
    if (isNumber(a) && isNumber(b)) {
      return toDouble(a) - toDouble(b);
    }
    throw operandError("-", a, b);
  }

  static Object mul(Object a, Object b) {
    failIfUndefined(a, b);
    if (isInt(a) && isInt(b)) {
      return Math.multiplyExact(toLong(a), toLong(b));
    }
    if (isNumber(a) && isNumber(b)) {
      return toDouble(a) * toDouble(b);
    }
    if (isInt(a) && (b instanceof String || b instanceof List)) {
      return mul(b, a);
    }
    if (isInt(b) && (a instanceof String || a instanceof List)) {
      long n = toLong(b);
      if (a instanceof String s) {
        return n <= 0 ? "" : s.repeat(Math.toIntExact(n));
      }
      List<Object> out = new ArrayList<>();
      for (long i = 0; i < n; i++) {
        out.addAll((List<?>) a);
      }
      return a instanceof Tuple ? new Tuple(out.toArray()) : out;
    }
    throw operandError("*", a, b);
  }

  static Object div(Object a, Object b) {
    checkDivision("/", a, b);
    return toDouble(a) / toDouble(b);
  }

  static Object floorDiv(Object a, Object b) {
    checkDivision("//", a, b);
    if (isInt(a) && isInt(b)) {
      return Math.floorDiv(toLong(a), toLong(b));
    }
    return Math.floor(toDouble(a) / toDouble(b));
  }

  static Object mod(Object a, Object b) {
    checkDivision("%", a, b);
    if (isInt(a) && isInt(b)) {
      return Math.floorMod(toLong(a), toLong(b));
    }
    double x = toDouble(a);
    double y = toDouble(b);
    double r = x % y;
    return r != 0 && (r < 0) != (y < 0) ? r + y : r; // Python's result takes the divisor's sign
  }

  static Object pow(Object a, Object b) {
    failIfUndefined(a, b);
    if (!isNumber(a) || !isNumber(b)) {
      throw operandError("**", a, b);
    }
    if (isInt(a) && isInt(b) && toLong(b) >= 0) {
      return BigInteger.valueOf(toLong(a)).pow(Math.toIntExact(toLong(b))).longValueExact();
    }
    return Math.pow(toDouble(a), toDouble(b));
  }

  static Object negate(Object a) {
    failIfUndefined(a, a);
    if (isInt(a)) {
      return Math.negateExact(toLong(a));
    }
    if (isFloat(a)) {
      return -toDouble(a);
    }
    throw new EvalError("bad operand type for unary -: '" + typeName(a) + "'");
  }

  static Object plus(Object a) {
    failIfUndefined(a, a);
    if (!isNumber(a)) {
      throw new EvalError("bad operand type for unary +: '" + typeName(a) + "'");
    }
    return a instanceof Boolean ? toLong(a) : a;
  }

  private static void checkDivision(String op, Object a, Object b) {
    failIfUndefined(a, b);
    if (!isNumber(a) || !isNumber(b)) {
      throw operandError(op, a, b);
    }
    if (toDouble(b) == 0) {
      throw new EvalError("division by zero");
    }
  }

  private static EvalError operandError(String op, Object a, Object b) {
    return new EvalError("unsupported operand type(s) for " + op + ": '" + typeName(a) + "' and '" + typeName(b) + "'");
  }

  static void failIfUndefined(Object a, Object b) {
    if (a instanceof Undefined u) {
      throw u.fail();
    }
    if (b instanceof Undefined u) {
      throw u.fail();
    }
  }

  // ---- containers ----------------------------------------------------------------------------

  /** Python {@code item in container}. */
  static boolean contains(Object container, Object item) {
    if (container instanceof String s) {
      if (item instanceof String t) {
        return s.contains(t);
      }
      failIfUndefined(item, item);
      throw new EvalError("'in <string>' requires string as left operand, not " + typeName(item));
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
    throw new EvalError("argument of type '" + typeName(container) + "' is not iterable");
  }

  private static boolean anyEqual(Collection<?> c, Object item) {
    for (Object x : c) {
      if (eq(x, item)) {
        return true;
      }
    }
    return false;
  }

  /** jinja2's getattr: a method first, then the dict key; missing gives Undefined. */
  static Object getAttr(Object obj, String name) {
    if (obj instanceof Undefined u) {
      throw u.fail();
    }
    if (Builtins.hasMethod(obj, name)) {
      return new BoundMethod(obj, name);
    }
    if (obj instanceof Map<?, ?> m) {
      Object v = m.get(name);
      return v != null || m.containsKey(name) ? v : Undefined.attr(obj, name);
    }
    if (obj instanceof Namespace ns) {
      Object v = ns.attrs.get(name);
      return v != null || ns.attrs.containsKey(name) ? v : Undefined.attr(obj, name);
    }
    if (obj instanceof Node.LoopInfo loop) {
      return loop.attr(name);
    }
    return Undefined.attr(obj, name);
  }

  /** jinja2's getitem: the item first, then (for a string key) the attribute. */
  static Object getItem(Object obj, Object key) {
    if (obj instanceof Undefined u) {
      throw u.fail();
    }
    if (obj instanceof Map<?, ?> m) {
      Object v = m.get(key);
      if (v != null || m.containsKey(key)) {
        return v;
      }
    } else if (isInt(key) && (obj instanceof List || obj instanceof String)) {
      int size = length(obj);
      long i = toLong(key);
      i = i < 0 ? i + size : i;
      if (i < 0 || i >= size) {
        return Undefined.element(obj, key);
      }
      return obj instanceof List<?> l ? l.get((int) i) : Strings.codePointSlice((String) obj, (int) i, (int) i + 1, 1);
    }
    return key instanceof String name ? getAttr(obj, name) : Undefined.element(obj, key);
  }

  /** Python {@code obj[start:stop:step]} on a list, tuple or string; null bounds take the defaults. */
  static Object slice(Object obj, Object start, Object stop, Object step) {
    if (obj instanceof Undefined u) {
      throw u.fail();
    }
    if (!(obj instanceof List) && !(obj instanceof String)) {
      throw new EvalError("'" + typeName(obj) + "' object is not subscriptable");
    }
    long st = step == null ? 1 : toLong(step);
    if (st == 0) {
      throw new EvalError("slice step cannot be zero");
    }
    int n = length(obj);
    int from = sliceBound(start, n, st, st < 0 ? n - 1 : 0);
    int to = sliceBound(stop, n, st, st < 0 ? -1 : n);
    if (obj instanceof String s) {
      return Strings.codePointSlice(s, from, to, (int) st);
    }
    List<?> list = (List<?>) obj;
    List<Object> out = new ArrayList<>();
    for (long i = from; st > 0 ? i < to : i > to; i += st) {
      out.add(list.get((int) i));
    }
    return obj instanceof Tuple ? new Tuple(out.toArray()) : out;
  }

  /** CPython's PySlice_AdjustIndices for one bound. */
  private static int sliceBound(Object bound, int n, long step, int dflt) {
    if (bound == null) {
      return dflt;
    }
    long i = toLong(bound);
    if (i < 0) {
      i += n;
      if (i < 0) {
        return step < 0 ? -1 : 0;
      }
    } else if (i >= n) {
      return step < 0 ? n - 1 : n;
    }
    return (int) i;
  }

  /** What a for loop (and list(), join, ...) iterates: list items, dict keys, string characters. */
  static List<?> iterate(Object o) {
    if (o instanceof List<?> l) {
      return l;
    }
    if (o instanceof Iter it) {
      return it.items;
    }
    if (o instanceof Map<?, ?> m) {
      return new ArrayList<>(m.keySet());
    }
    if (o instanceof String s) {
      List<Object> chars = new ArrayList<>(s.length());
      s.codePoints().forEach(cp -> chars.add(new String(Character.toChars(cp))));
      return chars;
    }
    if (o instanceof Undefined) {
      return List.of();
    }
    if (o instanceof Collection<?> c) {
      return new ArrayList<>(c);
    }
    throw new EvalError("'" + typeName(o) + "' object is not iterable");
  }

  static int length(Object o) {
    if (o instanceof String s) {
      return s.codePointCount(0, s.length());
    }
    if (o instanceof Collection<?> c) {
      return c.size();
    }
    if (o instanceof Map<?, ?> m) {
      return m.size();
    }
    if (o instanceof Undefined) {
      return 0;
    }
    throw new EvalError("object of type '" + typeName(o) + "' has no len()");
  }

  static Object call(Object fn, Args args) {
    if (fn instanceof Fn f) {
      return f.call(args);
    }
    if (fn instanceof BoundMethod m) {
      return Builtins.callMethod(m.self(), m.name(), args);
    }
    if (fn instanceof Undefined u) {
      throw u.fail();
    }
    throw new EvalError("'" + typeName(fn) + "' object is not callable");
  }
}
