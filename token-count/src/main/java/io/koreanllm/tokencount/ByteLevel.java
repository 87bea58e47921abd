package io.koreanllm.tokencount;

/** GPT-2's byte-level alphabet: each byte as the printable character byte-level BPE vocabularies spell it with. */
final class ByteLevel {

  private static final char[] CHAR_OF_BYTE = new char[256];

  static {
    int unprintable = 0;
    for (int b = 0; b < 256; b++) {
      boolean printable = b >= '!' && b <= '~' || b >= 0xA1 && b <= 0xAC || b >= 0xAE;
      CHAR_OF_BYTE[b] = (char) (printable ? b : 256 + unprintable++);
    }
  }

  private ByteLevel() {
  }

  static char charOf(int b) {
    return CHAR_OF_BYTE[b];
  }

  /** The byte-level string of {@code bytes[0, n)}. */
  static String spell(byte[] bytes, int n) {
    char[] chars = new char[n];
    for (int i = 0; i < n; i++) {
      chars[i] = CHAR_OF_BYTE[bytes[i] & 0xFF];
    }
    return new String(chars);
  }
}
