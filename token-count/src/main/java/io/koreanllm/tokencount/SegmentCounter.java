package io.koreanllm.tokencount;

/**
 * Counts a run of text between added tokens, which the Hugging Face tokenizer encodes on its own: from the segment
 * cache when the same text was counted before (system prompts, earlier turns), else piece by piece, each piece from
 * the piece cache or byte-pair counted in Java. A segment holding a code point the Java path cannot vouch for
 * goes to the native tokenizer whole. Thread-safe.
 */
final class SegmentCounter {

  /** Shorter segments are cheaper to count piece by piece than to hash, compare and keep. */
  private static final int MIN_CACHED_SEGMENT = 16;

  private final PieceSplitter splitter;
  private final BytePairCounter pieces;
  private final NativeCounter nativeCounter;
  private final CountCache segmentCache;
  private final CountCache pieceCache;

  SegmentCounter(PieceSplitter splitter, BytePairCounter pieces, NativeCounter nativeCounter,
      CountCache segmentCache, CountCache pieceCache) {
    this.splitter = splitter;
    this.pieces = pieces;
    this.nativeCounter = nativeCounter;
    this.segmentCache = segmentCache;
    this.pieceCache = pieceCache;
  }

  /**
   * Tokens of the segment; {@link CountingTokenizer#NOT_READY} when only the native tokenizer can count it and
   * {@code nativeReady} is false.
   */
  int count(String text, int from, int to, boolean nativeReady) {
    int length = to - from;
    boolean cacheable = length >= MIN_CACHED_SEGMENT && segmentCache.accepts(length);
    int hash = 0;
    if (cacheable) {
      hash = CountCache.hash(text, from, to);
      int cached = segmentCache.get(text, from, to, hash);
      if (cached >= 0) {
        return cached;
      }
    }
    int count = countPieces(text, from, to);
    if (count < 0) {
      if (!nativeReady) {
        return CountingTokenizer.NOT_READY;
      }
      count = nativeCounter.count(text.substring(from, to), false);
    }
    if (cacheable) {
      segmentCache.put(length == text.length() ? text : text.substring(from, to), hash, count);
    }
    return count;
  }

  void clearCaches(boolean pieces) {
    segmentCache.clear();
    if (pieces) {
      pieceCache.clear();
    }
  }

  /** Tokens of the segment counted in Java, or -1 when it holds a code point only the native tokenizer can judge. */
  private int countPieces(String text, int from, int to) {
    int total = 0;
    for (int start = from; start < to; ) {
      int end = splitter.pieceEnd(text, start, to);
      if (end == PieceSplitter.UNSURE_TEXT) {
        return -1;
      }
      total += countPiece(text, start, end);
      start = end;
    }
    return total;
  }

  private int countPiece(String text, int from, int to) {
    int length = to - from;
    if (length == 1 && text.charAt(from) < 0x80) {
      return 1; // every byte is a token of its own
    }
    if (!pieceCache.accepts(length)) {
      return pieces.count(text, from, to);
    }
    int hash = CountCache.hash(text, from, to);
    int cached = pieceCache.get(text, from, to, hash);
    if (cached >= 0) {
      return cached;
    }
    int count = pieces.count(text, from, to);
    pieceCache.put(text.substring(from, to), hash, count);
    return count;
  }
}
