package io.koreanllm.gateway.tokenize;

/**
 * The seeds' token estimate, kept only to show users how far it is from the exact count: Hangul syllables × 1.15,
 * other characters ÷ 4, rounded up.
 */
final class SeedHeuristic {

  private SeedHeuristic() {
  }

  static int estimate(String text) {
    long hangul = text.codePoints().filter(SeedHeuristic::isHangul).count();
    long other = text.codePointCount(0, text.length()) - hangul;
    return (int) Math.ceil(hangul * 1.15 + other / 4.0);
  }

  static boolean isHangul(int codePoint) {
    return Character.UnicodeScript.of(codePoint) == Character.UnicodeScript.HANGUL;
  }
}
