package io.koreanllm.tokencount;

import java.text.Normalizer;
import java.util.BitSet;

/**
 * How the pre-tokenizer's regex sees each code point ({@code \p{L}}, {@code \p{N}}, {@code \s}, {@code [\r\n]}).
 *
 * <p>{@link #UNSURE} marks code points whose handling Java cannot vouch for: unassigned in Java's Unicode tables
 * (a newer Unicode in the native tokenizer may give them a category), lone surrogates, and, when the tokenizer
 * normalizes to NFC, every code point that NFC might change or combine with its neighbours. Text with such a code
 * point is counted by the native tokenizer.
 */
final class CodePointClasses {

  static final byte LETTER = 0;
  static final byte NUMBER = 1;
  /** White space other than CR and LF. */
  static final byte SPACE = 2;
  static final byte LINE_BREAK = 3;
  static final byte OTHER = 4;
  static final byte UNSURE = 5;

  private static final int CODE_POINTS = Character.MAX_CODE_POINT + 1;

  private final byte[] classes = new byte[CODE_POINTS];

  private CodePointClasses(boolean nfc) {
    BitSet composable = nfc ? composable() : null;
    for (int cp = 0; cp < CODE_POINTS; cp++) {
      byte kind = regexClass(cp);
      classes[cp] = nfc && kind != UNSURE && !nfcInert(cp, composable) ? UNSURE : kind;
    }
  }

  /** The classes for a tokenizer that normalizes with NFC ({@code nfc}) or not at all. */
  static CodePointClasses of(boolean nfc) {
    return nfc ? NfcHolder.NFC : PlainHolder.PLAIN;
  }

  byte of(int codePoint) {
    return classes[codePoint];
  }

  private static byte regexClass(int cp) {
    if (cp == '\r' || cp == '\n') {
      return LINE_BREAK;
    }
    if (isWhiteSpace(cp)) {
      return SPACE;
    }
    switch (Character.getType(cp)) {
      case Character.UNASSIGNED, Character.SURROGATE:
        return UNSURE;
      case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER, Character.OTHER_LETTER:
        return LETTER;
      case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER:
        return NUMBER;
      default:
        return OTHER;
    }
  }

  /** Unicode's White_Space property, which {@code \s} matches (Java's own {@code isWhitespace} differs). */
  private static boolean isWhiteSpace(int cp) {
    return cp >= 0x09 && cp <= 0x0D || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680
        || cp >= 0x2000 && cp <= 0x200A || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F
        || cp == 0x3000;
  }

  /**
   * True when NFC leaves this code point alone whatever surrounds it: it is NFC on its own (quick check not "No"),
   * has canonical combining class 0 and is never the second character of a canonical composition. By Unicode's
   * quick-check algorithm a string of only such characters is NFC. These properties never change once a code point
   * is assigned (Unicode's normalization stability policy), so a native tokenizer built on another Unicode
   * version normalizes such text the same way: to itself.
   */
  private static boolean nfcInert(int cp, BitSet composable) {
    int type = Character.getType(cp);
    if (type == Character.PRIVATE_USE) {
      return true;
    }
    String c = Character.toString(cp);
    if (composable.get(cp) || !Normalizer.isNormalized(c, Normalizer.Form.NFC)) {
      return false;
    }
    if (type != Character.NON_SPACING_MARK && type != Character.COMBINING_SPACING_MARK) {
      return true; // only marks have a non-zero combining class
    }
    // A class above 1 moves after U+0334 (class 1); a class from 1 to 229 moves before U+0301 (class 230).
    return !nfd(c + "\u0334").startsWith("\u0334") && nfd("\u0301" + c).startsWith("\u0301");
  }

  /** Every code point that follows the first in a canonical decomposition: the ones NFC may compose. */
  private static BitSet composable() {
    BitSet composable = new BitSet(CODE_POINTS);
    for (int cp = 0; cp < CODE_POINTS; cp++) {
      int type = Character.getType(cp);
      if (type == Character.UNASSIGNED || type == Character.SURROGATE || type == Character.PRIVATE_USE) {
        continue;
      }
      String decomposed = nfd(Character.toString(cp));
      for (int i = Character.charCount(decomposed.codePointAt(0)); i < decomposed.length(); ) {
        int part = decomposed.codePointAt(i);
        composable.set(part);
        i += Character.charCount(part);
      }
    }
    return composable;
  }

  private static String nfd(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFD);
  }

  private static final class PlainHolder {
    static final CodePointClasses PLAIN = new CodePointClasses(false);
  }

  private static final class NfcHolder {
    static final CodePointClasses NFC = new CodePointClasses(true);
  }
}
