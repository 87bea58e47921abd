package io.koreanllm.tokencount;

import java.util.Arrays;

/** BPE merges: (left id, right id) to (rank, merged id), in a primitive open-addressing table. Read-only once built. */
final class MergeTable {

  static final long NONE = -1;
  private static final long EMPTY = -1;

  private final long[] keys;
  private final long[] values;
  private final int mask;

  MergeTable(int expected) {
    // At most three quarters full.
    int capacity = Integer.highestOneBit(Math.max(expected * 4 / 3, 2) - 1) << 1;
    keys = new long[capacity];
    values = new long[capacity];
    mask = capacity - 1;
    Arrays.fill(keys, EMPTY);
  }

  /** Adds or replaces a merge; a later rank for the same pair wins, as in the Hugging Face tokenizer. */
  void put(int left, int right, int rank, int merged) {
    long key = key(left, right);
    int i = slot(key);
    while (keys[i] != EMPTY && keys[i] != key) {
      i = (i + 1) & mask;
    }
    keys[i] = key;
    values[i] = (long) rank << 32 | merged;
  }

  /** The merge of the pair, or {@link #NONE}; use {@link #rank} and {@link #merged} on it. */
  long get(int left, int right) {
    long key = key(left, right);
    for (int i = slot(key); ; i = (i + 1) & mask) {
      long found = keys[i];
      if (found == key) {
        return values[i];
      }
      if (found == EMPTY) {
        return NONE;
      }
    }
  }

  static int rank(long merge) {
    return (int) (merge >>> 32);
  }

  static int merged(long merge) {
    return (int) merge;
  }

  private static long key(int left, int right) {
    return (long) left << 32 | right;
  }

  private int slot(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 29)) & mask;
  }
}
