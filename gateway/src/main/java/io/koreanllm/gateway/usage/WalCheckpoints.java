package io.koreanllm.gateway.usage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Copies the ledger's write-ahead log into its database file on a thread and a connection of its own. Left to
 * SQLite, the commit that fills the log past 1,000 pages copies it, with two fsyncs, while a request waits for that
 * commit: one settlement in a few hundred took milliseconds, and at one connection that was the gateway's p99
 * (docs/benchmarks.md). Here the writer only appends, and what it appended is copied in the background without
 * blocking it (a passive checkpoint). The log starts over only at a commit that finds it wholly copied, which under
 * writes that never pause a background copy never achieves; so once the log is past {@link #RESTART_FRAMES} the
 * writer's own thread copies, between two commits, the few frames written since, and the log starts over at the
 * next commit. Durability is unchanged: a commit is in the log before it returns, and the log is the database's.
 */
final class WalCheckpoints implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WalCheckpoints.class);

  /** The log's length, in pages, past which it is made to start over: SQLite's own checkpoint threshold. */
  static final int RESTART_FRAMES = 1000;
  private static final Duration CLOSING = Duration.ofSeconds(10);

  private final Connection connection;
  private final Supplier<Mono<Integer>> onTheWriter;
  private final Scheduler scheduler = Schedulers.newSingle("sqlite-checkpoint");
  private final Disposable schedule;
  private final AtomicLong runs = new AtomicLong();

  /** @param onTheWriter a passive checkpoint ({@link #passive}) on the writer's connection and thread */
  WalCheckpoints(String url, Properties config, Duration every, Supplier<Mono<Integer>> onTheWriter)
      throws SQLException {
    this.connection = DriverManager.getConnection(url, config);
    this.onTheWriter = onTheWriter;
    this.schedule = scheduler.schedulePeriodically(this::checkpoint, every.toMillis(), every.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Copies what it can of the log without waiting for anyone; how long the log was, in frames (pages). */
  static int passive(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
      result.next();
      return result.getInt(2);
    }
  }

  /** Checkpoints run so far: for tests that wait for some. */
  long runs() {
    return runs.get();
  }

  private void checkpoint() {
    try {
      if (passive(connection) > RESTART_FRAMES) {
        onTheWriter.get().subscribe(null, error -> log.warn("the usage ledger's log could not start over: {}",
            error.toString()));
      }
    } catch (SQLException e) {
      // The next run tries again; the log only grows meanwhile.
      log.warn("the usage ledger's checkpoint failed: {}", e.toString());
    } finally {
      runs.incrementAndGet();
    }
  }

  @Override
  public void close() {
    schedule.dispose();
    scheduler.disposeGracefully().block(CLOSING); // a checkpoint under way ends before its connection closes
    try {
      connection.close();
    } catch (SQLException e) {
      // Closing at shutdown: the writer's own close checkpoints what is left.
    }
  }
}
