package io.koreanllm.tokencount;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class CountCacheTest {

  @Test
  void findsACountByTheTextOfARegionWithoutMakingTheSubstring() {
    CountCache cache = new CountCache(4, 100, 1_000);
    String text = "안녕하세요 반갑습니다";
    cache.put("반갑습니다", "반갑습니다".hashCode(), 3);
    assertThat(CountCache.hash(text, 6, 11)).isEqualTo("반갑습니다".hashCode());
    assertThat(cache.get(text, 6, 11, CountCache.hash(text, 6, 11))).isEqualTo(3);
    assertThat(cache.get(text, 0, 5, CountCache.hash(text, 0, 5))).isEqualTo(-1);
  }

  @Test
  void aKeyWithTheSameHashButOtherTextIsAMiss() {
    CountCache cache = new CountCache(4, 100, 1_000);
    assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
    cache.put("Aa", "Aa".hashCode(), 1);
    assertThat(cache.get("BB", 0, 2, "BB".hashCode())).isEqualTo(-1);
  }

  @Test
  void keysPastTheLengthLimitAreNotKeptAndTheCharBudgetHolds() {
    CountCache cache = new CountCache(10, 50, 500);
    cache.put("x".repeat(51), "x".repeat(51).hashCode(), 1);
    assertThat(cache.chars()).isZero();
    for (int i = 0; i < 1_000; i++) {
      String key = "key-" + i + "-".repeat(i % 40);
      cache.put(key, key.hashCode(), i);
      assertThat(cache.chars()).isLessThanOrEqualTo(500);
    }
    cache.clear();
    assertThat(cache.chars()).isZero();
  }

  @Test
  void concurrentReadersSeeEitherNothingOrTheRightCount() throws Exception {
    CountCache cache = new CountCache(6, 20, 300);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> wrong = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        wrong.add(pool.submit(() -> {
          int errors = 0;
          for (int i = 0; i < 200_000; i++) {
            String key = Integer.toString(i % 5_000);
            int hash = key.hashCode();
            int found = cache.get(key, 0, key.length(), hash);
            if (found != -1 && found != i % 5_000) {
              errors++;
            }
            cache.put(key, hash, i % 5_000);
          }
          return errors;
        }));
      }
      for (Future<Integer> errors : wrong) {
        assertThat(errors.get()).isZero();
      }
      assertThat(cache.chars()).isLessThanOrEqualTo(300);
    } finally {
      pool.shutdownNow();
    }
  }
}
