package io.koreanllm.tokencount;

import java.util.Set;

/**
 * Counts the tokens byte-level BPE makes of one pre-tokenized piece, without building them: the Hugging Face
 * tokenizer's merge loop (lowest rank first, leftmost among equal ranks) on token ids, ported as it is. Thread-safe.
 */
final class BytePairCounter {

  private final int[] byteIds;
  private final MergeTable merges;
  /** With {@code ignore_merges}: the vocabulary's tokens (byte-level strings); otherwise null. */
  private final Set<String> wholeWords;

  /**
   * @param byteIds the vocabulary id of each byte's byte-level character
   * @param wholeWords for a model with {@code ignore_merges}, its vocabulary's tokens; a piece found there is
   *     one token
   */
  BytePairCounter(int[] byteIds, MergeTable merges, Set<String> wholeWords) {
    this.byteIds = byteIds.clone();
    this.merges = merges;
    this.wholeWords = wholeWords;
  }

  /** Tokens of {@code text[from, to)} (well-formed UTF-16). */
  int count(String text, int from, int to) {
    byte[] utf8 = new byte[(to - from) * 3];
    int n = Utf8.encode(text, from, to, utf8);
    return count(utf8, n);
  }

  int count(byte[] bytes, int n) {
    if (n <= 1) {
      return n;
    }
    if (wholeWords != null && wholeWords.contains(ByteLevel.spell(bytes, n))) {
      return 1;
    }
    int[] ids = new int[n];
    int[] next = new int[n];
    int[] prev = new int[n];
    for (int i = 0; i < n; i++) {
      ids[i] = byteIds[bytes[i] & 0xFF];
      next[i] = i + 1 < n ? i + 1 : -1;
      prev[i] = i - 1;
    }
    MergeQueue queue = new MergeQueue(3 * n);
    for (int i = 0; i + 1 < n; i++) {
      queue.offer(merges.get(ids[i], ids[i + 1]), i);
    }
    int symbols = n;
    while (!queue.isEmpty()) {
      long top = queue.poll();
      int pos = MergeQueue.position(top);
      int right = next[pos];
      if (ids[pos] < 0 || right < 0) {
        continue;
      }
      long merge = merges.get(ids[pos], ids[right]);
      if (merge == MergeTable.NONE || MergeTable.rank(merge) != MergeQueue.rank(top)) {
        continue; // stale: a neighbour has merged since this pair was queued
      }
      ids[pos] = MergeTable.merged(merge);
      ids[right] = -1;
      int after = next[right];
      next[pos] = after;
      if (after >= 0) {
        prev[after] = pos;
        queue.offer(merges.get(ids[pos], ids[after]), pos);
      }
      int before = prev[pos];
      if (before >= 0) {
        queue.offer(merges.get(ids[before], ids[pos]), before);
      }
      symbols--;
    }
    return symbols;
  }

  /** Min-heap of queued merges, ordered by rank and then position, packed into longs. */
  private static final class MergeQueue {

    private final long[] heap;
    private int size;

    MergeQueue(int capacity) {
      heap = new long[capacity];
    }

    void offer(long merge, int position) {
      if (merge == MergeTable.NONE) {
        return;
      }
      long entry = (long) MergeTable.rank(merge) << 32 | position;
      int i = size++;
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        if (heap[parent] <= entry) {
          break;
        }
        heap[i] = heap[parent];
        i = parent;
      }
      heap[i] = entry;
    }

    boolean isEmpty() {
      return size == 0;
    }

    long poll() {
      long top = heap[0];
      long last = heap[--size];
      int i = 0;
      while (true) {
        int child = 2 * i + 1;
        if (child >= size) {
          break;
        }
        if (child + 1 < size && heap[child + 1] < heap[child]) {
          child++;
        }
        if (heap[child] >= last) {
          break;
        }
        heap[i] = heap[child];
        i = child;
      }
      heap[i] = last;
      return top;
    }

    static int rank(long entry) {
      return (int) (entry >>> 32);
    }

    static int position(long entry) {
      return (int) entry;
    }
  }
}
