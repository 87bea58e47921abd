package io.koreanllm.chattemplate;

import static io.koreanllm.chattemplate.Values.str;
import static io.koreanllm.chattemplate.Values.toLong;
import static io.koreanllm.chattemplate.Values.truthy;

import io.koreanllm.chattemplate.Filters.Filter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Filters on a value's text: case, trim, replace, indent, wordcount, escape. */
final class TextFilters {
  private TextFilters() {}

  static void addTo(Map<String, Filter> f) {
    f.put("trim", (v, a) -> Strings.strip(str(v), Values.optionalStr(a.get(0, "chars", null)), true, true));
    f.put("upper", (v, a) -> str(v).toUpperCase(Locale.ROOT));
    f.put("lower", (v, a) -> str(v).toLowerCase(Locale.ROOT));
    f.put("title", (v, a) -> Strings.titleFilter(str(v)));
    f.put("capitalize", (v, a) -> Strings.capitalize(str(v)));
    f.put("replace", (v, a) -> Strings.replace(str(v), str(a.get(0, "old", "")), str(a.get(1, "new", "")),
        a.get(2, "count", null) == null ? -1 : toLong(a.get(2, "count", null))));
    f.put("indent", TextFilters::indent);
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
    f.put("safe", (v, a) -> str(v));
    f.put("escape", (v, a) -> escape(str(v))); // markupsafe.escape: the filter escapes even without autoescape
    f.put("e", f.get("escape"));
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
}
