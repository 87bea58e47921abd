package io.koreanllm.chattemplate;

import static io.koreanllm.chattemplate.Values.isInt;
import static io.koreanllm.chattemplate.Values.toLong;
import static io.koreanllm.chattemplate.Values.typeName;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What a template does with a value besides operators: {@code obj.name}, {@code obj[key]}, {@code obj[a:b:c]},
 * {@code obj(args)}, iterating it and taking its length.
 */
final class Access {
  private Access() {}

  /** jinja2's getattr: a method first, then the dict key; missing gives Undefined. */
  static Object getAttr(Object obj, String name) {
    Undefined.failIf(obj);
    if (Methods.has(obj, name)) {
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
    if (obj instanceof LoopInfo loop) {
      return loop.attr(name);
    }
    return Undefined.attr(obj, name);
  }

  /** jinja2's getitem: the item first, then (for a string key) the attribute. */
  static Object getItem(Object obj, Object key) {
    Undefined.failIf(obj);
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
    Undefined.failIf(obj);
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

  static Object call(Object fn, Args args) {
    if (fn instanceof Fn f) {
      return f.call(args);
    }
    if (fn instanceof BoundMethod m) {
      return Methods.call(m.self(), m.name(), args);
    }
    Undefined.failIf(fn);
    throw new EvalError("'" + typeName(fn) + "' object is not callable");
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

  /** dict.items() and the items filter: (key, value) tuples; Undefined has none. */
  static List<Object> items(Object v) {
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
}
