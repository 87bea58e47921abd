package io.koreanllm.tokencount;

import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * Exact token counts, much faster than a full encode: what the Hugging Face tokenizer does on the way to a count
 * (split on added tokens, normalize, pre-tokenize, byte-pair merge) reproduced in Java for the tokenizers it can be
 * proven for, with counts of whole segments and of pre-tokenized pieces cached. Anything the Java path cannot
 * vouch for is counted by the native tokenizer ({@link NativeCounter}): a whole tokenizer whose {@code
 * tokenizer.json} uses features the Java path lacks ({@link #nativeReason()} says which), and single segments that
 * hold code points outside what Java's Unicode tables can speak for. Thread-safe; the caches are bounded.
 */
public final class CountingTokenizer {

  private static final Logger log = LoggerFactory.getLogger(CountingTokenizer.class);

  /** Segment cache: 4,096 slots, segments of up to 64 K chars, 4 M chars (8 MB) of keys in all. */
  private static final int SEGMENT_SLOT_BITS = 12;
  private static final int SEGMENT_MAX_CHARS = 1 << 16;
  private static final long SEGMENT_CHAR_BUDGET = 1 << 22;
  /** Piece cache: 65,536 slots of pieces up to 32 chars. */
  private static final int PIECE_SLOT_BITS = 16;
  private static final int PIECE_MAX_CHARS = 32;
  private static final long PIECE_CHAR_BUDGET = 1 << 20;

  private final NativeCounter nativeCounter;
  private final CountingRules rules;
  private final String nativeReason;
  private final SegmentCounter segments;

  private CountingTokenizer(NativeCounter nativeCounter, CountingRules rules, String nativeReason,
      CountCache segmentCache, CountCache pieceCache) {
    this.nativeCounter = nativeCounter;
    this.rules = rules;
    this.nativeReason = nativeReason;
    this.segments = rules == null ? null
        : new SegmentCounter(rules.splitter(), rules.pieces(), nativeCounter, segmentCache, pieceCache);
  }

  /**
   * Counting for the tokenizer of {@code tokenizerJson}. {@code nativeCounter} is the native tokenizer of the same
   * file. It is asked only when a count needs it: when the Java path covers the tokenizer, only for texts with code
   * points it cannot vouch for; when it does not, for every count, and it is loaded at once.
   */
  public static CountingTokenizer create(NativeCounter nativeCounter, Path tokenizerJson) throws IOException {
    return create(nativeCounter, tokenizerJson,
        new CountCache(SEGMENT_SLOT_BITS, SEGMENT_MAX_CHARS, SEGMENT_CHAR_BUDGET),
        new CountCache(PIECE_SLOT_BITS, PIECE_MAX_CHARS, PIECE_CHAR_BUDGET));
  }

  static CountingTokenizer create(NativeCounter nativeCounter, Path tokenizerJson, CountCache segmentCache,
      CountCache pieceCache) throws IOException {
    try {
      CountingRules rules = TokenizerJsonReader.read(TokenizerJson.read(tokenizerJson));
      return new CountingTokenizer(nativeCounter, rules, null, segmentCache, pieceCache);
    } catch (JacksonException | IllegalArgumentException e) {
      throw new IOException(tokenizerJson + ": not a tokenizer.json: " + e.getMessage(), e);
    } catch (UnsupportedTokenizerException e) {
      log.info("{}: counting with the native tokenizer only: {}", tokenizerJson, e.getMessage());
      nativeCounter.load();
      return new CountingTokenizer(nativeCounter, null, e.getMessage(), null, null);
    }
  }

  /** Returned by {@link #countIfReady} for a count that needs the native tokenizer before it is loaded. */
  public static final int NOT_READY = -1;

  /** Tokens in {@code text}; {@code addSpecialTokens} adds what the post-processor adds (e.g. BOS). */
  public int count(String text, boolean addSpecialTokens) {
    return count(text, addSpecialTokens, true);
  }

  /**
   * Tokens in {@code text} as {@link #count} counts them, or {@link #NOT_READY} when the count needs the native
   * tokenizer and it is not loaded yet: for a caller that must not wait for it to load, and counts such a text
   * elsewhere.
   */
  public int countIfReady(String text, boolean addSpecialTokens) {
    return count(text, addSpecialTokens, nativeCounter.isLoaded());
  }

  private int count(String text, boolean addSpecialTokens, boolean nativeReady) {
    if (rules == null || addSpecialTokens && rules.specialTokensAdded() < 0) {
      return nativeReady ? nativeCounter.count(text, addSpecialTokens) : NOT_READY;
    }
    int total = addSpecialTokens ? rules.specialTokensAdded() : 0;
    AddedTokenSplitter addedTokens = rules.addedTokens();
    int from = 0;
    while (from < text.length()) {
      long match = addedTokens.next(text, from);
      int segmentEnd = match < 0 ? text.length() : AddedTokenSplitter.start(match);
      if (segmentEnd > from) {
        int segment = segments.count(text, from, segmentEnd, nativeReady);
        if (segment == NOT_READY) {
          return NOT_READY;
        }
        total += segment;
      }
      if (match < 0) {
        break;
      }
      total++;
      from = AddedTokenSplitter.end(match);
    }
    return total;
  }

  /** Forgets every cached count (benchmarks and tests measure cold counting with it). */
  public void clearCaches() {
    if (segments != null) {
      segments.clearCaches(true);
    }
  }

  /** Forgets the counts of whole segments but not of pieces: what counting fresh text of known words sees. */
  public void clearSegmentCache() {
    if (segments != null) {
      segments.clearCaches(false);
    }
  }

  /** Why every count goes to the native tokenizer, or null when counting runs in Java. */
  public String nativeReason() {
    return nativeReason;
  }
}
