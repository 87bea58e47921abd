package io.koreanllm.tokencount;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Token counts of text keyed by the exact text: a fixed array of slots, one entry a slot, lock-free. An entry
 * replaces whatever held its slot; when the keys together pass the char budget, a clock hand clears slots until
 * they fit again. Keys longer than {@code maxKeyChars} are not kept, so memory stays below about
 * {@code 2 * charBudget} bytes of keys plus the slot array. Thread-safe.
 */
final class CountCache {

  private final AtomicReferenceArray<Entry> slots;
  private final int shift;
  private final int maxKeyChars;
  private final long charBudget;
  private final AtomicLong chars = new AtomicLong();
  private final AtomicInteger hand = new AtomicInteger();

  /**
   * @param slotBits log2 of the number of slots, 1 to 30
   */
  CountCache(int slotBits, int maxKeyChars, long charBudget) {
    if (slotBits < 1 || slotBits > 30) {
      throw new IllegalArgumentException("slotBits " + slotBits + " is not within 1 to 30");
    }
    this.slots = new AtomicReferenceArray<>(1 << slotBits);
    this.shift = 32 - slotBits;
    this.maxKeyChars = maxKeyChars;
    this.charBudget = charBudget;
  }

  /** The hash {@link String#hashCode} gives {@code text.substring(from, to)}, without making the substring. */
  static int hash(String text, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + text.charAt(i);
    }
    return h;
  }

  boolean accepts(int keyChars) {
    return keyChars <= maxKeyChars;
  }

  /** The count stored for {@code text[from, to)} whose {@link #hash} is {@code hash}, or -1. */
  int get(String text, int from, int to, int hash) {
    Entry entry = slots.getAcquire(slot(hash));
    if (entry != null && entry.hash == hash && entry.key.length() == to - from
        && entry.key.regionMatches(0, text, from, to - from)) {
      return entry.count;
    }
    return -1;
  }

  /** Stores {@code count} for {@code key}, whose {@link #hash} is {@code hash}; ignored for too long a key. */
  void put(String key, int hash, int count) {
    if (!accepts(key.length())) {
      return;
    }
    Entry old = slots.getAndSet(slot(hash), new Entry(key, hash, count));
    long total = chars.addAndGet(key.length() - (old == null ? 0 : old.key.length()));
    for (int cleared = 0; total > charBudget && cleared < slots.length(); cleared++) {
      Entry evicted = slots.getAndSet(hand.getAndIncrement() & (slots.length() - 1), null);
      if (evicted != null) {
        total = chars.addAndGet(-evicted.key.length());
      }
    }
  }

  void clear() {
    for (int i = 0; i < slots.length(); i++) {
      Entry evicted = slots.getAndSet(i, null);
      if (evicted != null) {
        chars.addAndGet(-evicted.key.length());
      }
    }
  }

  /** Chars held by the keys now. */
  long chars() {
    return chars.get();
  }

  private int slot(int hash) {
    return (hash * 0x9E3779B9) >>> shift;
  }

  private static final class Entry {
    final String key;
    final int hash;
    final int count;

    Entry(String key, int hash, int count) {
      this.key = key;
      this.hash = hash;
      this.count = count;
    }
  }
}
