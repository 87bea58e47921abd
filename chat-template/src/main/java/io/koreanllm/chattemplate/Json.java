package io.koreanllm.chattemplate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Python's json.dumps, byte for byte, since transformers' tojson is json.dumps(x, ensure_ascii=False,
 * indent=..., separators=..., sort_keys=...): separators ", " and ": " (or "," before a newline
 * when indented), floats as Python repr, NaN and Infinity, keys converted to strings.
 */
final class Json {
  private final boolean ensureAscii;
  private final String indent;
  private final String itemSeparator;
  private final String keySeparator;
  private final boolean sortKeys;
  private final StringBuilder out = new StringBuilder();

  private Json(boolean ensureAscii, String indent, String itemSeparator, String keySeparator, boolean sortKeys) {
    this.ensureAscii = ensureAscii;
    this.indent = indent;
    this.itemSeparator = itemSeparator;
    this.keySeparator = keySeparator;
    this.sortKeys = sortKeys;
  }

  static String dumps(Object value, boolean ensureAscii, Object indent, Object separators, boolean sortKeys) {
    String pad = indent == null ? null : indent instanceof String s ? s : " ".repeat((int) Math.max(0, Values.toLong(indent)));
    String itemSep = pad == null ? ", " : ",";
    String keySep = ": ";
    if (separators != null) {
      List<?> pair = Access.iterate(separators);
      itemSep = Values.str(pair.get(0));
      keySep = Values.str(pair.get(1));
    }
    Json json = new Json(ensureAscii, pad, itemSep, keySep, sortKeys);
    json.write(value, 0);
    return json.out.toString();
  }

  private void write(Object v, int depth) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof Boolean b) {
      out.append(b ? "true" : "false");
    } else if (v instanceof String s) {
      string(s);
    } else if (Values.isFloat(v)) {
      double d = Values.toDouble(v);
      out.append(Double.isNaN(d) ? "NaN" : Double.isInfinite(d) ? (d > 0 ? "Infinity" : "-Infinity") : Strings.floatRepr(d));
    } else if (v instanceof Number) {
      out.append(v);
    } else if (v instanceof Collection<?> c) {
      out.append('[');
      int i = 0;
      for (Object item : c) {
        separator(i++ == 0, depth + 1);
        write(item, depth + 1);
      }
      close(c.isEmpty(), depth, ']');
    } else if (v instanceof Map<?, ?> m) {
      out.append('{');
      List<Map.Entry<String, Object>> entries = new ArrayList<>();
      m.forEach((k, x) -> entries.add(Map.entry(key(k), x == null ? NULL : x)));
      if (sortKeys) {
        entries.sort(Map.Entry.comparingByKey());
      }
      int i = 0;
      for (Map.Entry<String, Object> e : entries) {
        separator(i++ == 0, depth + 1);
        string(e.getKey());
        out.append(keySeparator);
        write(e.getValue() == NULL ? null : e.getValue(), depth + 1);
      }
      close(m.isEmpty(), depth, '}');
    } else {
      throw new EvalError("Object of type " + Values.typeName(v) + " is not JSON serializable");
    }
  }

  /** Map.entry refuses null values; this stands in for them. */
  private static final Object NULL = new Object();

  private void separator(boolean first, int depth) {
    if (!first) {
      out.append(itemSeparator);
    }
    newline(depth);
  }

  private void close(boolean empty, int depth, char bracket) {
    if (!empty) {
      newline(depth);
    }
    out.append(bracket);
  }

  private void newline(int depth) {
    if (indent != null) {
      out.append('\n').append(indent.repeat(depth));
    }
  }

  /** Python converts bool, None and number keys to their JSON text; anything else is an error. */
  private static String key(Object k) {
    if (k instanceof String s) {
      return s;
    }
    if (k == null) {
      return "null";
    }
    if (k instanceof Boolean b) {
      return b ? "true" : "false";
    }
    if (Values.isFloat(k)) {
      return Strings.floatRepr(Values.toDouble(k));
    }
    if (k instanceof Number) {
      return k.toString();
    }
    throw new EvalError("keys must be str, int, float, bool or None, not " + Values.typeName(k));
  }

  private void string(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || (ensureAscii && c > 0x7e)) {
            out.append(String.format("\\u%04x", (int) c)); // UTF-16 units: surrogate pairs, as Python writes them
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
