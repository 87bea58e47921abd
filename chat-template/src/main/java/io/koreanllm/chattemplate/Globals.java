package io.koreanllm.chattemplate;

import static io.koreanllm.chattemplate.Values.str;
import static io.koreanllm.chattemplate.Values.toLong;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The functions every template sees: jinja2's range, namespace and dict, transformers' raise_exception and strftime_now. */
final class Globals {
  private Globals() {}

  private static final int MAX_RANGE = 100_000; // jinja2's sandbox limit

  static final Map<String, Object> BY_NAME = byName();

  private static Map<String, Object> byName() {
    Map<String, Object> g = new HashMap<>();
    g.put("range", (Fn) Globals::range);
    g.put("namespace", (Fn) a -> {
      Namespace ns = new Namespace();
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
    g.put("strftime_now", (Fn) a -> Strftime.format(ZonedDateTime.now(), str(a.get(0, "format", ""))));
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
}
