package io.koreanllm.chattemplate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Python str behaviour that Java's String does differently: whitespace, split, strip, title, repr. */
final class Strings {
  private Strings() {}

  /** Python's str.isspace() for one char (Java's isWhitespace leaves out the no-break spaces). */
  static boolean isSpace(char c) {
    return Character.isWhitespace(c) || c == '\u00a0' || c == '\u2007' || c == '\u202f' || c == '\u0085';
  }

  /** str.strip/lstrip/rstrip: chars null means whitespace. */
  static String strip(String s, String chars, boolean left, boolean right) {
    int start = 0;
    int end = s.length();
    while (left && start < end && stripped(s.charAt(start), chars)) {
      start++;
    }
    while (right && end > start && stripped(s.charAt(end - 1), chars)) {
      end--;
    }
    return s.substring(start, end);
  }

  private static boolean stripped(char c, String chars) {
    return chars == null ? isSpace(c) : chars.indexOf(c) >= 0;
  }

  /** str.split / str.rsplit; sep null splits on whitespace runs and drops empty parts. */
  static List<Object> split(String s, String sep, int maxSplit, boolean fromRight) {
    List<Object> parts = new ArrayList<>();
    if (sep != null && sep.isEmpty()) {
      throw new EvalError("empty separator");
    }
    int limit = maxSplit < 0 ? Integer.MAX_VALUE : maxSplit;
    if (sep == null) {
      int n = s.length();
      int i = fromRight ? n : 0; // the edge of the unsplit rest
      while (true) {
        while (fromRight ? i > 0 && isSpace(s.charAt(i - 1)) : i < n && isSpace(s.charAt(i))) {
          i += fromRight ? -1 : 1;
        }
        if (fromRight ? i == 0 : i == n) {
          break;
        }
        if (parts.size() == limit) {
          parts.add(fromRight ? s.substring(0, i) : s.substring(i));
          break;
        }
        int j = i;
        while (fromRight ? j > 0 && !isSpace(s.charAt(j - 1)) : j < n && !isSpace(s.charAt(j))) {
          j += fromRight ? -1 : 1;
        }
        parts.add(fromRight ? s.substring(j, i) : s.substring(i, j));
        i = j;
      }
    } else {
      int start = 0; // left split: the rest is s[start:]
      int end = s.length(); // right split: the rest is s[:end]
      while (parts.size() < limit) {
        int i = fromRight ? s.lastIndexOf(sep, end - sep.length()) : s.indexOf(sep, start);
        if (i < 0) {
          break;
        }
        parts.add(fromRight ? s.substring(i + sep.length(), end) : s.substring(start, i));
        if (fromRight) {
          end = i;
        } else {
          start = i + sep.length();
        }
      }
      parts.add(s.substring(start, end));
    }
    if (fromRight) {
      Collections.reverse(parts);
    }
    return parts;
  }

  /** str.splitlines(): Python's line boundaries, "\r\n" counting as one. */
  static List<Object> splitLines(String s, boolean keepEnds) {
    List<Object> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\r' || c == '\u000b' || c == '\f' || (c >= '\u001c' && c <= '\u001e')
          || c == '\u0085' || c == '\u2028' || c == '\u2029') {
        int end = c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n' ? i + 2 : i + 1;
        lines.add(s.substring(start, keepEnds ? end : i));
        start = end;
        i = end - 1;
      }
    }
    if (start < s.length()) {
      lines.add(s.substring(start));
    }
    return lines;
  }

  /** str.replace and the replace filter: the first {@code count} occurrences, all when count is negative. */
  static String replace(String s, String old, String replacement, long count) {
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

  /** Python str.isupper()/islower(): some cased character, and every cased one in that case. */
  static boolean isCased(String s, boolean upper) {
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

  /** str.title(): upper-case a cased letter that follows an uncased character, lower-case the rest. */
  static String title(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    boolean prevCased = false;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      boolean cased = Character.isUpperCase(cp) || Character.isLowerCase(cp) || Character.isTitleCase(cp);
      sb.appendCodePoint(!cased ? cp : prevCased ? Character.toLowerCase(cp) : Character.toTitleCase(cp));
      prevCased = cased;
      i += Character.charCount(cp);
    }
    return sb.toString();
  }

  /** jinja2's title filter: a word starts after "-", whitespace or an opening bracket. */
  static String titleFilter(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    boolean wordStart = true;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      String c = new String(Character.toChars(cp));
      sb.append(wordStart ? c.toUpperCase(Locale.ROOT) : c.toLowerCase(Locale.ROOT));
      wordStart = "-({[<".indexOf(cp) >= 0 || (cp < 0x10000 && isSpace((char) cp));
      i += Character.charCount(cp);
    }
    return sb.toString();
  }

  /** str.capitalize(): first character title-cased, the rest lower-cased. */
  static String capitalize(String s) {
    if (s.isEmpty()) {
      return s;
    }
    int first = s.codePointAt(0);
    return new String(Character.toChars(Character.toTitleCase(first)))
        + s.substring(Character.charCount(first)).toLowerCase(Locale.ROOT);
  }

  /** A slice by code points (Python indexes characters, Java UTF-16 units); indices already adjusted. */
  static String codePointSlice(String s, int from, int to, int step) {
    boolean simple = s.codePointCount(0, s.length()) == s.length();
    if (simple && step == 1) {
      return from < to ? s.substring(from, to) : "";
    }
    int[] cps = simple ? null : s.codePoints().toArray();
    StringBuilder sb = new StringBuilder();
    for (long i = from; step > 0 ? i < to : i > to; i += step) {
      if (simple) {
        sb.append(s.charAt((int) i));
      } else {
        sb.appendCodePoint(cps[(int) i]);
      }
    }
    return sb.toString();
  }

  /** Index in code points of a UTF-16 index (for find/index results). */
  static long codePointIndex(String s, int utf16Index) {
    return utf16Index < 0 ? -1 : s.codePointCount(0, utf16Index);
  }

  /** Python repr() of a str: single quotes unless the text has a ' and no ". */
  static String repr(String s) {
    char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder sb = new StringBuilder(s.length() + 2).append(quote);
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == quote || cp == '\\') {
        sb.append('\\').appendCodePoint(cp);
      } else if (cp == '\n') {
        sb.append("\\n");
      } else if (cp == '\r') {
        sb.append("\\r");
      } else if (cp == '\t') {
        sb.append("\\t");
      } else if (isPrintable(cp)) {
        sb.appendCodePoint(cp);
      } else {
        sb.append(cp <= 0xff ? String.format("\\x%02x", cp) : cp <= 0xffff ? String.format("\\u%04x", cp) : String.format("\\U%08x", cp));
      }
    }
    return sb.append(quote).toString();
  }

  /** Python's str.isprintable() for one code point. */
  private static boolean isPrintable(int cp) {
    if (cp == ' ') {
      return true;
    }
    switch (Character.getType(cp)) {
      case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
          Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SPACE_SEPARATOR:
        return false;
      default:
        return true;
    }
  }

  /** Python repr() of a float: shortest digits, scientific below 1e-4 and from 1e16 on. */
  static String floatRepr(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0.0" : "0.0";
    }
    BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String digits = exact.unscaledValue().toString();
    int exponent = digits.length() - 1 - exact.scale(); // d = 0.digits * 10^(exponent+1)
    StringBuilder sb = new StringBuilder(d < 0 ? "-" : "");
    if (exponent < -4 || exponent >= 16) {
      sb.append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      sb.append(exponent < 0 ? "e-" : "e+");
      String exp = Integer.toString(Math.abs(exponent));
      return sb.append(exp.length() < 2 ? "0" : "").append(exp).toString();
    }
    if (exponent < 0) {
      return sb.append("0.").append("0".repeat(-exponent - 1)).append(digits).toString();
    }
    if (digits.length() <= exponent + 1) {
      return sb.append(digits).append("0".repeat(exponent + 1 - digits.length())).append(".0").toString();
    }
    return sb.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1, digits.length()).toString();
  }

  /** str.format with {}, {0} and {name} fields (format specs beyond that are not supported). */
  static String format(String fmt, Args args) {
    StringBuilder sb = new StringBuilder();
    int auto = 0;
    for (int i = 0; i < fmt.length(); i++) {
      char c = fmt.charAt(i);
      if ((c == '{' || c == '}') && i + 1 < fmt.length() && fmt.charAt(i + 1) == c) {
        sb.append(c);
        i++;
      } else if (c == '{') {
        int close = fmt.indexOf('}', i);
        if (close < 0) {
          throw new EvalError("Single '{' encountered in format string");
        }
        String field = fmt.substring(i + 1, close);
        if (field.contains(":") || field.contains("!")) {
          throw new EvalError("format specs are not supported: {" + field + "}");
        }
        Object value;
        if (field.isEmpty() || Character.isDigit(field.charAt(0))) {
          int index = field.isEmpty() ? auto++ : Integer.parseInt(field);
          if (index >= args.pos.length) {
            throw new EvalError("Replacement index " + index + " out of range for positional args tuple");
          }
          value = args.pos[index];
        } else {
          value = args.kw(field, Undefined.name(field));
        }
        sb.append(Values.str(value));
        i = close;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
