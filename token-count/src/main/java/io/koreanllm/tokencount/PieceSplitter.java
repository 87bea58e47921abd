package io.koreanllm.tokencount;

import static io.koreanllm.tokencount.CodePointClasses.LETTER;
import static io.koreanllm.tokencount.CodePointClasses.LINE_BREAK;
import static io.koreanllm.tokencount.CodePointClasses.NUMBER;
import static io.koreanllm.tokencount.CodePointClasses.OTHER;
import static io.koreanllm.tokencount.CodePointClasses.SPACE;
import static io.koreanllm.tokencount.CodePointClasses.UNSURE;

/**
 * Java port of the Llama-3 / Qwen2 pre-tokenizer split (behaviour "Isolated"), matched leftmost-first as the
 * native regex engine does:
 *
 * <pre>
 * (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,D}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
 * </pre>
 *
 * where D is 1 for Qwen2 and 3 for Llama-3. Every code point is matched by some alternative, so the pieces tile
 * the text. Thread-safe.
 */
final class PieceSplitter {

  /** Returned by {@link #pieceEnd} for text holding a code point the Java port cannot vouch for. */
  static final int UNSURE_TEXT = -1;

  static final String QWEN2_PATTERN = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}|"
      + " ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
  static final String LLAMA3_PATTERN = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}|"
      + " ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

  private final CodePointClasses classes;
  private final int maxDigits;

  PieceSplitter(CodePointClasses classes, int maxDigits) {
    this.classes = classes;
    this.maxDigits = maxDigits;
  }

  /** The splitter for one of the known patterns, or null for any other. */
  static PieceSplitter forPattern(String pattern, CodePointClasses classes) {
    if (QWEN2_PATTERN.equals(pattern)) {
      return new PieceSplitter(classes, 1);
    }
    if (LLAMA3_PATTERN.equals(pattern)) {
      return new PieceSplitter(classes, 3);
    }
    return null;
  }

  CodePointClasses classes() {
    return classes;
  }

  /** End of the piece starting at {@code start} in {@code text[start, end)}, or {@link #UNSURE_TEXT}. */
  int pieceEnd(String text, int start, int end) {
    int c = codePointAt(text, start, end);
    byte kind = classes.of(c);
    if (kind == UNSURE) {
      return UNSURE_TEXT;
    }
    int next = start + Character.charCount(c);
    if (c == '\'') {
      int contraction = contractionEnd(text, next, end);
      if (contraction > 0) {
        return contraction;
      }
    }
    if (kind == LETTER) {
      return runEnd(text, next, end, LETTER, Integer.MAX_VALUE);
    }
    if (kind == NUMBER) {
      return runEnd(text, next, end, NUMBER, maxDigits - 1);
    }
    byte nextKind = next < end ? classes.of(codePointAt(text, next, end)) : UNSURE;
    if (kind != LINE_BREAK && nextKind == LETTER) {
      return runEnd(text, next, end, LETTER, Integer.MAX_VALUE);
    }
    if (kind == OTHER || c == ' ' && nextKind == OTHER) {
      int afterOther = runEnd(text, next, end, OTHER, Integer.MAX_VALUE);
      return lineBreaksEnd(text, afterOther, end);
    }
    return whiteSpaceEnd(text, start, end);
  }

  /** {@code \s*[\r\n]+|\s+(?!\S)|\s+} at a white-space code point. */
  private int whiteSpaceEnd(String text, int start, int end) {
    int lastBreak = -1;
    int i = start;
    while (i < end) {
      char c = text.charAt(i);
      byte kind = classes.of(c);
      if (kind == LINE_BREAK) {
        lastBreak = i;
      } else if (kind != SPACE) {
        break;
      }
      i++;
    }
    if (lastBreak >= 0) {
      return lastBreak + 1;
    }
    return i == end || i - start < 2 ? i : i - 1;
  }

  /** End of {@code 's|'t|'re|'ve|'m|'ll|'d} (any case) after an apostrophe at {@code from - 1}, or -1. */
  private static int contractionEnd(String text, int from, int end) {
    if (from >= end) {
      return -1;
    }
    char a = foldCase(text.charAt(from));
    if (a == 's' || a == 't' || a == 'm' || a == 'd') {
      return from + 1;
    }
    if (from + 1 < end) {
      char b = foldCase(text.charAt(from + 1));
      if (b == 'e' && (a == 'r' || a == 'v') || a == 'l' && b == 'l') {
        return from + 2;
      }
    }
    return -1;
  }

  /** Simple Unicode case folding, as far as the contraction letters need it: ASCII and LONG S (folds to s). */
  private static char foldCase(char c) {
    if (c >= 'A' && c <= 'Z') {
      return (char) (c + ('a' - 'A'));
    }
    return c == '\u017F' ? 's' : c;
  }

  private int runEnd(String text, int from, int end, byte kind, int maxMore) {
    int i = from;
    for (int more = 0; more < maxMore && i < end; more++) {
      int c = codePointAt(text, i, end);
      if (classes.of(c) != kind) {
        break;
      }
      i += Character.charCount(c);
    }
    return i;
  }

  private static int lineBreaksEnd(String text, int from, int end) {
    int i = from;
    while (i < end && (text.charAt(i) == '\r' || text.charAt(i) == '\n')) {
      i++;
    }
    return i;
  }

  /** The code point at {@code i}; a surrogate not paired within {@code end} is returned as itself (unsure). */
  private static int codePointAt(String text, int i, int end) {
    char c = text.charAt(i);
    if (Character.isHighSurrogate(c) && i + 1 < end) {
      char low = text.charAt(i + 1);
      if (Character.isLowSurrogate(low)) {
        return Character.toCodePoint(c, low);
      }
    }
    return c;
  }
}
