package io.koreanllm.tokencount;

/** UTF-8 encoding of a region of a string into a caller's buffer, without the allocations of String.getBytes. */
final class Utf8 {

  private Utf8() {
  }

  /**
   * Encodes {@code text[from, to)} into {@code out} (at least three bytes per char) and returns the byte count.
   * The text must be well-formed: callers only pass text whose surrogates are paired.
   */
  static int encode(String text, int from, int to, byte[] out) {
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        out[n++] = (byte) c;
      } else if (c < 0x800) {
        out[n++] = (byte) (0xC0 | c >> 6);
        out[n++] = (byte) (0x80 | c & 0x3F);
      } else if (Character.isHighSurrogate(c)) {
        int cp = Character.toCodePoint(c, text.charAt(++i));
        out[n++] = (byte) (0xF0 | cp >> 18);
        out[n++] = (byte) (0x80 | cp >> 12 & 0x3F);
        out[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
        out[n++] = (byte) (0x80 | cp & 0x3F);
      } else {
        out[n++] = (byte) (0xE0 | c >> 12);
        out[n++] = (byte) (0x80 | c >> 6 & 0x3F);
        out[n++] = (byte) (0x80 | c & 0x3F);
      }
    }
    return n;
  }
}
