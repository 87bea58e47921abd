package io.koreanllm.chattemplate;

import static io.koreanllm.chattemplate.Access.iterate;
import static io.koreanllm.chattemplate.Values.optionalStr;
import static io.koreanllm.chattemplate.Values.str;
import static io.koreanllm.chattemplate.Values.toLong;
import static io.koreanllm.chattemplate.Values.truthy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Python str, list and dict methods templates call ({@code message.content.strip()}, {@code tools.items()}),
 * and {@code loop.cycle}. As in transformers' ImmutableSandboxedEnvironment, methods that would change a list or
 * dict are refused.
 */
final class Methods {
  private Methods() {}

  private static final Set<String> STR_METHODS = Set.of(
      "startswith", "endswith", "split", "rsplit", "strip", "lstrip", "rstrip", "upper", "lower", "title",
      "capitalize", "replace", "find", "rfind", "index", "count", "format", "join", "splitlines",
      "isdigit", "isdecimal", "isnumeric", "isalpha", "isalnum", "isspace", "isupper", "islower");
  /** ImmutableSandboxedEnvironment refuses these: a template may not mutate a list or dict. */
  private static final Set<String> MUTATING = Set.of(
      "append", "extend", "insert", "pop", "remove", "reverse", "sort", "clear", "popitem", "setdefault", "update");
  private static final Set<String> LIST_METHODS = Set.of(
      "index", "count", "append", "extend", "insert", "pop", "remove", "reverse", "sort", "clear");
  private static final Set<String> DICT_METHODS = Set.of(
      "items", "keys", "values", "get", "copy", "pop", "popitem", "setdefault", "update", "clear");

  /** Whether {@code obj.name} is a method (it then wins over a dict key of that name). */
  static boolean has(Object obj, String name) {
    if (obj instanceof String) {
      return STR_METHODS.contains(name);
    }
    if (obj instanceof Tuple) {
      return name.equals("index") || name.equals("count");
    }
    if (obj instanceof List) {
      return LIST_METHODS.contains(name);
    }
    if (obj instanceof Map) {
      return DICT_METHODS.contains(name);
    }
    return obj instanceof LoopInfo && name.equals("cycle");
  }

  static Object call(Object self, String name, Args a) {
    if (MUTATING.contains(name)) {
      throw new EvalError("access to attribute '" + name + "' of '" + Values.typeName(self) + "' object is unsafe.");
    }
    if (self instanceof String s) {
      return strMethod(s, name, a);
    }
    if (self instanceof Map<?, ?> m) {
      switch (name) {
        case "items": return Access.items(m);
        case "keys": return new ArrayList<>(m.keySet());
        case "values": return new ArrayList<>(m.values());
        case "copy": return new LinkedHashMap<>(m);
        default: { // get(key, default=None)
          Object key = a.get(0, "key", null);
          return m.containsKey(key) ? m.get(key) : a.get(1, "default", null);
        }
      }
    }
    if (self instanceof LoopInfo loop) {
      return loop.cycle(a);
    }
    List<?> list = (List<?>) self;
    Object x = a.get(0, "value", null);
    long found = name.equals("count") ? list.stream().filter(y -> Comparison.eq(x, y)).count() : indexOf(list, x);
    if (found < 0) {
      throw new EvalError(Values.repr(x) + " is not in list");
    }
    return found;
  }

  private static long indexOf(List<?> list, Object x) {
    for (int i = 0; i < list.size(); i++) {
      if (Comparison.eq(list.get(i), x)) {
        return i;
      }
    }
    return -1;
  }

  private static Object strMethod(String s, String name, Args a) {
    switch (name) {
      case "startswith":
      case "endswith": {
        Object arg = a.get(0, "prefix", null);
        for (Object p : arg instanceof List ? (List<?>) arg : List.of(arg == null ? "" : arg)) {
          if (!(p instanceof String prefix)) {
            throw new EvalError(name + " first arg must be str or a tuple of str, not " + Values.typeName(p));
          }
          if (name.equals("startswith") ? s.startsWith(prefix) : s.endsWith(prefix)) {
            return true;
          }
        }
        return false;
      }
      case "split":
      case "rsplit":
        return Strings.split(s, optionalStr(a.get(0, "sep", null)), (int) toLong(a.get(1, "maxsplit", -1L)),
            name.equals("rsplit"));
      case "strip":
      case "lstrip":
      case "rstrip": {
        String chars = optionalStr(a.get(0, "chars", null));
        return Strings.strip(s, chars, !name.equals("rstrip"), !name.equals("lstrip"));
      }
      case "upper": return s.toUpperCase(Locale.ROOT);
      case "lower": return s.toLowerCase(Locale.ROOT);
      case "title": return Strings.title(s);
      case "capitalize": return Strings.capitalize(s);
      case "replace":
        return Strings.replace(s, str(a.get(0, "old", "")), str(a.get(1, "new", "")), toLong(a.get(2, "count", -1L)));
      case "find":
      case "rfind":
      case "index": {
        String sub = str(a.get(0, "sub", ""));
        long i = Strings.codePointIndex(s, name.equals("rfind") ? s.lastIndexOf(sub) : s.indexOf(sub));
        if (i < 0 && name.equals("index")) {
          throw new EvalError("substring not found");
        }
        return i;
      }
      case "count": {
        String sub = str(a.get(0, "sub", ""));
        if (sub.isEmpty()) {
          return (long) Access.length(s) + 1;
        }
        long n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length())) {
          n++;
        }
        return n;
      }
      case "format": return Strings.format(s, a);
      case "join": {
        StringBuilder sb = new StringBuilder();
        List<?> items = iterate(a.get(0, "iterable", null));
        for (int i = 0; i < items.size(); i++) {
          if (!(items.get(i) instanceof String item)) {
            throw new EvalError("sequence item " + i + ": expected str instance, " + Values.typeName(items.get(i))
                + " found");
          }
          sb.append(i == 0 ? "" : s).append(item);
        }
        return sb.toString();
      }
      case "splitlines": return Strings.splitLines(s, truthy(a.get(0, "keepends", false)));
      case "isupper": return Strings.isCased(s, true);
      case "islower": return Strings.isCased(s, false);
      default: // isdigit, isdecimal, isnumeric, isalpha, isalnum, isspace: every character, and not empty
        return !s.isEmpty() && s.codePoints().allMatch(cp -> switch (name) {
          case "isalpha" -> Character.isLetter(cp);
          case "isalnum" -> Character.isLetterOrDigit(cp);
          case "isspace" -> cp < 0x10000 && Strings.isSpace((char) cp);
          case "isnumeric" -> Character.isDigit(cp) || Character.getType(cp) == Character.OTHER_NUMBER
              || Character.getType(cp) == Character.LETTER_NUMBER;
          default -> Character.isDigit(cp);
        });
    }
  }
}
