package io.koreanllm.gateway.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger's write-ahead log is copied into its file by {@link WalCheckpoints}, never by the commit a settlement
 * waits for, and what was committed is in the files a crash leaves behind.
 */
class WalCheckpointsTest {

  private static final long PAGE = 4096;
  private static final Duration NEVER = Duration.ofHours(1);
  private static final LocalDate DAY = LocalDate.of(2026, 12, 7);

  @TempDir
  Path dir;

  /** SQLite's own checkpoint would have copied the log into the file once it passed 1,000 pages, inside a commit. */
  @Test
  void aSettlementsCommitNeverCopiesTheLog() throws IOException {
    Path file = dir.resolve("usage.db");
    try (SqliteUsageLedger ledger = new SqliteUsageLedger(file, NEVER)) {
      long fileBefore = Files.size(file);

      record(ledger, 0, 1500);

      assertThat(Files.size(wal(file))).isGreaterThan(WalCheckpoints.RESTART_FRAMES * PAGE);
      assertThat(Files.size(file)).isEqualTo(fileBefore);
    }
  }

  @Test
  void theLogIsCopiedIntoTheFileInTheBackground() throws IOException {
    Path file = dir.resolve("usage.db");
    try (SqliteUsageLedger ledger = new SqliteUsageLedger(file, Duration.ofMillis(50))) {
      long fileBefore = Files.size(file);

      record(ledger, 0, 300);
      long runs = ledger.checkpointsRun();
      await().atMost(Duration.ofMinutes(1)).until(() -> ledger.checkpointsRun() >= runs + 2);

      assertThat(Files.size(file)).isGreaterThan(fileBefore);
    }
  }

  /**
   * A passive checkpoint under writes that never pause never finds the whole log copied, so the log would never
   * start over and would hold every page ever written (four or more per event: 80,000 pages here, 320 MB).
   */
  @Test
  void underWritesThatNeverPauseTheLogStillStartsOver() throws IOException {
    Path file = dir.resolve("usage.db");
    try (SqliteUsageLedger ledger = new SqliteUsageLedger(file, Duration.ofMillis(20))) {
      long runsAtStart = ledger.checkpointsRun();
      int written = 0;
      while (written < 20_000 || ledger.checkpointsRun() < runsAtStart + 20) {
        record(ledger, written, 200);
        written += 200;
      }

      assertThat(Files.size(wal(file))).isLessThan(16_000 * PAGE);
      assertThat(ledger.totals(null, DAY, DAY).block().requests()).isEqualTo(written);

      // Once the writes pause the log is wholly copied, and the next commit starts it over in a file cut back.
      long runs = ledger.checkpointsRun();
      await().atMost(Duration.ofMinutes(1)).until(() -> ledger.checkpointsRun() >= runs + 2);
      record(ledger, written, 1);
      assertThat(Files.size(wal(file))).isLessThanOrEqualTo(SqliteUsageLedger.WAL_SIZE_LIMIT);
    }
  }

  /** The files as a killed process leaves them, the log not yet copied: reopened, every committed event is there. */
  @Test
  void whatWasCommittedSurvivesACrashBeforeAnyCheckpoint() throws IOException {
    Path file = dir.resolve("usage.db");
    Path crashed = Files.createDirectory(dir.resolve("crashed")).resolve("usage.db");
    try (SqliteUsageLedger ledger = new SqliteUsageLedger(file, NEVER)) {
      record(ledger, 0, 500);
      Files.copy(file, crashed);
      Files.copy(wal(file), wal(crashed));
    }

    try (SqliteUsageLedger reopened = new SqliteUsageLedger(crashed, NEVER)) {
      UsageTotals totals = reopened.totals(null, DAY, DAY).block();
      assertThat(totals.requests()).isEqualTo(500);
      assertThat(totals.promptTokens()).isEqualTo(500 * 10);
    }
  }

  private static void record(SqliteUsageLedger ledger, int from, int count) {
    Instant at = Instant.parse("2026-12-07T01:00:00Z");
    for (int i = from; i < from + count; i++) {
      assertThat(ledger.record(new UsageEvent("req-" + i, "user" + i % 7, null, "korean-qwen", at, at, DAY, 10, 5,
          Outcome.COMPLETED)).block()).isTrue();
    }
  }

  private static Path wal(Path file) {
    return file.resolveSibling(file.getFileName() + "-wal");
  }
}
