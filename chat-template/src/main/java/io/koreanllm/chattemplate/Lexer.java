package io.koreanllm.chattemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a template into tokens the way jinja2's lexer does, with the whitespace rules transformers
 * turns on: {@code trim_blocks} (drop the first newline after a block or comment tag),
 * {@code lstrip_blocks} (drop spaces and tabs between a line start and a block or comment tag),
 * {@code -} (strip all whitespace on that side) and {@code +} (disable the two options on that side).
 * Text between tags becomes TEXT tokens; the inside of a tag becomes expression tokens.
 */
final class Lexer {
  enum Type { TEXT, VAR_BEGIN, VAR_END, BLOCK_BEGIN, BLOCK_END, NAME, STRING, INT, FLOAT, OP, EOF }

  record Token(Type type, String value, int line) {
    boolean is(Type t, String v) {
      return type == t && value.equals(v);
    }

    String describe() {
      return switch (type) {
        case EOF -> "end of template";
        case VAR_END -> "end of print statement";
        case BLOCK_END -> "end of statement block";
        case TEXT -> "template data";
        default -> "'" + value + "'";
      };
    }
  }

  // Longest first, so "//" wins over "/".
  private static final String[] OPERATORS = {
    "//", "**", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "~", "<", ">", "=",
    "(", ")", "[", "]", "{", "}", ".", ":", ",", "|", ";"
  };

  private final String src;
  private final List<Token> tokens = new ArrayList<>();
  private int pos;
  private int line = 1;

  private Lexer(String src) {
    this.src = src;
  }

  static List<Token> tokenize(String source) {
    // jinja2 normalises newlines and, with keep_trailing_newline=False, drops one trailing newline.
    String s = source.replace("\r\n", "\n").replace('\r', '\n');
    if (s.endsWith("\n")) {
      s = s.substring(0, s.length() - 1);
    }
    Lexer lexer = new Lexer(s);
    lexer.run();
    return lexer.tokens;
  }

  private void run() {
    boolean lineStarting = true;
    while (pos < src.length()) {
      int start = nextTagStart();
      if (start < 0) {
        text(src.length(), src.substring(pos));
        break;
      }
      char kind = src.charAt(start + 1);
      int inner = start + 2;
      char sign = inner < src.length() && (src.charAt(inner) == '-' || src.charAt(inner) == '+') ? src.charAt(inner) : 0;
      if (sign != 0) {
        inner++;
      }
      int rawEnd = kind == '%' ? rawBeginEnd(inner) : -1;
      text(start, stripBeforeTag(src.substring(pos, start), sign, kind != '{', lineStarting));
      advance(inner);
      if (kind == '#') {
        comment();
      } else if (rawEnd >= 0) {
        advance(rawEnd);
        raw(src.charAt(pos - 1) == '\n');
      } else {
        tokens.add(new Token(kind == '{' ? Type.VAR_BEGIN : Type.BLOCK_BEGIN, "", line));
        tag(kind == '{');
      }
      // jinja2's line_starting: the previous match ended with a newline.
      lineStarting = src.charAt(pos - 1) == '\n';
    }
    tokens.add(new Token(Type.EOF, "", line));
  }

  private int nextTagStart() {
    for (int i = src.indexOf('{', pos); i >= 0 && i + 1 < src.length(); i = src.indexOf('{', i + 1)) {
      char c = src.charAt(i + 1);
      if (c == '{' || c == '%' || c == '#') {
        return i;
      }
    }
    return -1;
  }

  /** Whitespace handling on the left of a tag: '-' strips everything, lstrip_blocks spaces/tabs. */
  private static String stripBeforeTag(String text, char sign, boolean blockOrComment, boolean lineStarting) {
    if (sign == '-') {
      int end = text.length();
      while (end > 0 && Strings.isSpace(text.charAt(end - 1))) {
        end--;
      }
      return text.substring(0, end);
    }
    if (sign != '+' && blockOrComment) {
      int lineStart = text.lastIndexOf('\n') + 1;
      if (lineStart > 0 || lineStarting) {
        for (int i = lineStart; i < text.length(); i++) {
          if (text.charAt(i) != ' ' && text.charAt(i) != '\t') {
            return text;
          }
        }
        return text.substring(0, lineStart);
      }
    }
    return text;
  }

  private void text(int end, String text) {
    if (!text.isEmpty()) {
      tokens.add(new Token(Type.TEXT, text, line));
    }
    advance(end);
  }

  private void advance(int newPos) {
    for (int i = pos; i < newPos; i++) {
      if (src.charAt(i) == '\n') {
        line++;
      }
    }
    pos = newPos;
  }

  private int skipSpace(int i) {
    while (i < src.length() && Strings.isSpace(src.charAt(i))) {
      i++;
    }
    return i;
  }

  /** End of a block tag's closing delimiter at i ("-%}", "+%}" or "%}" + trim_blocks), or -1. */
  private int blockEnd(int i) {
    if (src.startsWith("-%}", i)) {
      return skipSpace(i + 3);
    }
    if (src.startsWith("+%}", i)) {
      return i + 3;
    }
    if (src.startsWith("%}", i)) {
      return i + 2 < src.length() && src.charAt(i + 2) == '\n' ? i + 3 : i + 2;
    }
    return -1;
  }

  /** If "{%" is followed by "raw %}" at i, where the raw tag ends (no trim_blocks there, as in jinja2). */
  private int rawBeginEnd(int i) {
    i = skipSpace(i);
    if (!src.startsWith("raw", i)) {
      return -1;
    }
    i = skipSpace(i + 3);
    if (src.startsWith("-%}", i)) {
      return skipSpace(i + 3);
    }
    return src.startsWith("%}", i) ? i + 2 : -1;
  }

  private void raw(boolean lineStarting) {
    for (int j = src.indexOf("{%", pos); j >= 0; j = src.indexOf("{%", j + 1)) {
      int i = j + 2;
      char sign = i < src.length() && (src.charAt(i) == '-' || src.charAt(i) == '+') ? src.charAt(i++) : 0;
      i = skipSpace(i);
      if (!src.startsWith("endraw", i)) {
        continue;
      }
      int end = blockEnd(skipSpace(i + 6));
      if (end >= 0) {
        text(j, stripBeforeTag(src.substring(pos, j), sign, true, lineStarting));
        advance(end);
        return;
      }
    }
    throw error("Missing end of raw directive");
  }

  private void comment() {
    int close = src.indexOf("#}", pos);
    if (close < 0) {
      throw error("Missing end of comment tag");
    }
    char before = close > pos ? src.charAt(close - 1) : 0;
    int end = close + 2;
    if (before == '-') {
      end = skipSpace(end);
    } else if (before != '+' && end < src.length() && src.charAt(end) == '\n') {
      end++;
    }
    advance(end);
  }

  /** Expression tokens up to the closing delimiter; brackets must balance before it counts (as in jinja2). */
  private void tag(boolean variable) {
    int depth = 0;
    while (true) {
      advance(skipSpace(pos));
      if (pos >= src.length()) {
        throw error("unexpected end of template, expected '" + (variable ? "}}" : "%}") + "'");
      }
      if (depth == 0) {
        int end = variable ? variableEnd(pos) : blockEnd(pos);
        if (end >= 0) {
          tokens.add(new Token(variable ? Type.VAR_END : Type.BLOCK_END, "", line));
          advance(end);
          return;
        }
      }
      char c = src.charAt(pos);
      if (Character.isLetter(c) || c == '_') {
        int i = pos;
        while (i < src.length() && (Character.isLetterOrDigit(src.charAt(i)) || src.charAt(i) == '_')) {
          i++;
        }
        tokens.add(new Token(Type.NAME, src.substring(pos, i), line));
        advance(i);
      } else if (c >= '0' && c <= '9') {
        number();
      } else if (c == '\'' || c == '"') {
        string(c);
      } else {
        String op = operatorAt(pos);
        if (op == null) {
          throw error("unexpected char '" + c + "'");
        }
        if (op.equals("(") || op.equals("[") || op.equals("{")) {
          depth++;
        } else if (op.equals(")") || op.equals("]") || op.equals("}")) {
          if (--depth < 0) {
            throw error("unexpected '" + op + "'");
          }
        }
        tokens.add(new Token(Type.OP, op, line));
        advance(pos + op.length());
      }
    }
  }

  private int variableEnd(int i) {
    if (src.startsWith("-}}", i)) {
      return skipSpace(i + 3);
    }
    return src.startsWith("}}", i) ? i + 2 : -1;
  }

  private String operatorAt(int i) {
    for (String op : OPERATORS) {
      if (src.startsWith(op, i)) {
        return op;
      }
    }
    return null;
  }

  private void number() {
    int i = digits(pos);
    boolean isFloat = false;
    // A number right after '.' is an item index (a.0.1), never a float, as jinja2's (?<!\.) says.
    boolean afterDot = pos > 0 && src.charAt(pos - 1) == '.';
    if (!afterDot && i + 1 < src.length() && src.charAt(i) == '.' && Character.isDigit(src.charAt(i + 1))) {
      isFloat = true;
      i = digits(i + 1);
    }
    if (!afterDot && i < src.length() && (src.charAt(i) == 'e' || src.charAt(i) == 'E')) {
      int e = i + 1;
      if (e < src.length() && (src.charAt(e) == '+' || src.charAt(e) == '-')) {
        e++;
      }
      if (e < src.length() && Character.isDigit(src.charAt(e))) {
        isFloat = true;
        i = digits(e);
      }
    }
    String text = src.substring(pos, i).replace("_", "");
    tokens.add(new Token(isFloat ? Type.FLOAT : Type.INT, text, line));
    advance(i);
  }

  private int digits(int i) {
    while (i < src.length() && (Character.isDigit(src.charAt(i)) || src.charAt(i) == '_')) {
      i++;
    }
    return i;
  }

  /** A quoted string with Python's backslash escapes decoded. */
  private void string(char quote) {
    StringBuilder value = new StringBuilder();
    int i = pos + 1;
    while (true) {
      if (i >= src.length()) {
        throw error("unexpected end of string");
      }
      char c = src.charAt(i++);
      if (c == quote) {
        break;
      }
      if (c != '\\' || i >= src.length()) {
        value.append(c);
        continue;
      }
      char e = src.charAt(i++);
      switch (e) {
        case 'n' -> value.append('\n');
        case 't' -> value.append('\t');
        case 'r' -> value.append('\r');
        case 'b' -> value.append('\b');
        case 'f' -> value.append('\f');
        case 'v' -> value.append('\u000b');
        case 'a' -> value.append('\u0007');
        case '0', '1', '2', '3', '4', '5', '6', '7' -> {
          int end = i - 1;
          while (end < i + 2 && end < src.length() && src.charAt(end) >= '0' && src.charAt(end) <= '7') {
            end++;
          }
          value.appendCodePoint(Integer.parseInt(src.substring(i - 1, end), 8));
          i = end;
        }
        case 'x', 'u', 'U' -> {
          int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
          if (i + len > src.length()) {
            throw error("truncated \\" + e + " escape");
          }
          value.appendCodePoint(Integer.parseInt(src.substring(i, i + len), 16));
          i += len;
        }
        case '\n' -> { } // backslash-newline continues the line
        case '\\', '\'', '"' -> value.append(e);
        default -> value.append('\\').append(e); // Python keeps unknown escapes as written
      }
    }
    tokens.add(new Token(Type.STRING, value.toString(), line));
    advance(i);
  }

  private TemplateException error(String message) {
    return new TemplateException("line " + line + ": " + message);
  }
}
