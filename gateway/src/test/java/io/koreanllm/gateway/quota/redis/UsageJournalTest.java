package io.koreanllm.gateway.quota.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.koreanllm.gateway.quota.QuotaHolder;
import io.koreanllm.gateway.quota.QuotaScope;
import io.koreanllm.gateway.quota.Reservation;
import io.koreanllm.gateway.usage.Outcome;
import io.koreanllm.gateway.usage.Usage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outage journal on disk: taken up after a restart, a line cut by a crash dropped, emptied once replayed. */
class UsageJournalTest {

  @TempDir
  Path dir;

  private static UsageJournal.Entry settled(String id, long completion) {
    return new UsageJournal.Entry(reservation(id), new Usage(40, completion), Outcome.COMPLETED);
  }

  private static Reservation reservation(String id) {
    return new Reservation(id, new QuotaHolder("김민지", "연구팀"), "korean-qwen",
        List.of(QuotaScope.user("김민지"), QuotaScope.team("연구팀")), 40, 140, Instant.parse("2026-11-22T01:00:00Z"),
        LocalDate.of(2026, 11, 22));
  }

  private UsageJournal open(Path file) {
    return new UsageJournal(file, 1 << 20, Duration.ofMillis(50));
  }

  @Test
  void entriesOutliveTheProcessInOrderAndACutLineIsDropped() throws Exception {
    Path file = dir.resolve("journal.jsonl");
    try (UsageJournal journal = open(file)) {
      journal.append(settled("req-1", 10)).block();
      journal.append(new UsageJournal.Entry(reservation("req-2"), null, Outcome.BACKEND_ERROR)).block();
      journal.append(settled("req-3", 30)).block();
    }
    // A crash in the middle of writing a fourth line.
    Files.writeString(file, "{\"id\":\"req-4\",\"user\":\"김", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    try (UsageJournal journal = open(file)) {
      assertThat(journal.size()).isEqualTo(3);
      UsageJournal.Entry first = journal.oldest();
      assertThat(first).isEqualTo(settled("req-1", 10));
      journal.replayed(first).block();
      assertThat(journal.oldest().isRelease()).isTrue();
      // The next entry starts a line of its own: the cut line is gone from the file.
      journal.append(settled("req-5", 50)).block();
    }
    try (UsageJournal journal = open(file)) {
      assertThat(journal.size()).as("nothing is removed from the file before all is replayed").isEqualTo(4);
      while (!journal.isEmpty()) {
        journal.replayed(journal.oldest()).block();
      }
      assertThat(Files.size(file)).isZero();
    }
  }

  @Test
  void pastItsBoundTheJournalIsFull() {
    try (UsageJournal journal = new UsageJournal(dir.resolve("small.jsonl"), 400, Duration.ofMillis(50))) {
      assertThat(journal.full()).isFalse();
      for (int i = 0; !journal.full(); i++) {
        journal.append(settled("req-" + i, i)).block();
        assertThat(i).as("a few entries fill 400 bytes").isLessThan(10);
      }
      assertThat(journal.size()).isGreaterThan(1);
    }
  }
}
