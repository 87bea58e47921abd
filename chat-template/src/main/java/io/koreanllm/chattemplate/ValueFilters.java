package io.koreanllm.chattemplate;

import static io.koreanllm.chattemplate.Values.isInt;
import static io.koreanllm.chattemplate.Values.str;
import static io.koreanllm.chattemplate.Values.toLong;
import static io.koreanllm.chattemplate.Values.truthy;

import io.koreanllm.chattemplate.Filters.Filter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Map;

/** Filters that turn one value into another: default, the number conversions and rounding, string, list, tojson. */
final class ValueFilters {
  private ValueFilters() {}

  static void addTo(Map<String, Filter> f) {
    f.put("default", (v, a) -> v instanceof Undefined || (truthy(a.get(1, "boolean", false)) && !truthy(v))
        ? a.get(0, "default_value", "") : v);
    f.put("d", f.get("default"));
    f.put("int", ValueFilters::toInt);
    f.put("float", (v, a) -> {
      try {
        return v instanceof String s ? Double.parseDouble(s.strip()) : Values.toDouble(v);
      } catch (RuntimeException e) {
        return a.get(0, "default", 0.0);
      }
    });
    f.put("abs", (v, a) -> isInt(v) ? (Object) Math.abs(toLong(v)) : (Object) Math.abs(Values.toDouble(v)));
    f.put("round", ValueFilters::round);
    f.put("string", (v, a) -> str(v));
    f.put("list", (v, a) -> new ArrayList<>(Access.iterate(v)));
    // transformers' tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False)
    f.put("tojson", (v, a) -> Json.dumps(v, truthy(a.get(0, "ensure_ascii", false)), a.get(1, "indent", null),
        a.get(2, "separators", null), truthy(a.get(3, "sort_keys", false))));
  }

  /** {@code int(value)}, then {@code int(float(value))} so "42.23"|int is 42, else the default. */
  private static Object toInt(Object v, Args a) {
    Object dflt = a.get(0, "default", 0L);
    try {
      if (v instanceof String s) {
        String digits = s.strip().replace("_", "");
        try {
          return Long.parseLong(digits.startsWith("+") ? digits.substring(1) : digits,
              (int) toLong(a.get(1, "base", 10L)));
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
}
