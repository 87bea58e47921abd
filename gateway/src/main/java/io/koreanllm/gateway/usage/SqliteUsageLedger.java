package io.koreanllm.gateway.usage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.sqlite.SQLiteConfig;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The embedded ledger: one SQLite file, so a restart keeps every user's usage. JDBC blocks, so every call runs on
 * one dedicated thread (SQLite has one writer anyway), never on Netty's event loop.
 */
public final class SqliteUsageLedger implements UsageLedger, AutoCloseable {

  /**
   * A reset forgives a user's events before it: those recorded before it (order of recording, the rowid, so a reset
   * and a request in the same millisecond are not ambiguous) and those admitted before it, settled after. Forgiven
   * events leave the user's own quota but stay in the record, and in their team's quota.
   */
  private static final String FORGIVEN = "EXISTS (SELECT 1 FROM user_resets r WHERE r.user_name = e.user_name "
      + "AND (r.last_rowid >= e.rowid OR r.reset_at_ms > e.admitted_at_ms))";
  private static final String EVENT_COLUMNS = "SELECT e.request_id, e.user_name, e.team, e.model, e.admitted_at_ms, "
      + "e.settled_at_ms, e.day, e.prompt_tokens, e.completion_tokens, e.outcome, " + FORGIVEN;

  /** The write-ahead log's file is cut back to this when the log starts over: a burst does not keep its size. */
  static final long WAL_SIZE_LIMIT = 8L << 20;
  /** How often the write-ahead log is copied into the database file, off the writer's thread. */
  private static final Duration CHECKPOINT_EVERY = Duration.ofMillis(200);

  /** A settled event, and whether a reset of its user forgave it since. */
  public record RecordedEvent(UsageEvent event, boolean forgiven) {
  }

  /** One user's usage on one model and day, and whether a reset of the user forgave it. */
  public record RecordedDay(DailyUsage usage, boolean forgiven) {
  }

  private final Connection connection;
  /** Every settled request is one insert: prepared once, not compiled again per request. */
  private final PreparedStatement insertEvent;
  private final Scheduler scheduler = Schedulers.newSingle("sqlite-ledger");
  private final WalCheckpoints checkpoints;

  public SqliteUsageLedger(Path file) {
    this(file, CHECKPOINT_EVERY);
  }

  SqliteUsageLedger(Path file, Duration checkpointEvery) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      SQLiteConfig config = new SQLiteConfig();
      // Nothing reads generated keys; left on, the driver runs a second statement (last_insert_rowid) per insert.
      config.setGetGeneratedKeys(false);
      String url = "jdbc:sqlite:" + file.toAbsolutePath();
      connection = DriverManager.getConnection(url, config.toProperties());
      try (Statement statement = connection.createStatement()) {
        statement.execute("PRAGMA journal_mode=WAL");
        statement.execute("PRAGMA synchronous=NORMAL");
        statement.execute("PRAGMA wal_autocheckpoint=0"); // WalCheckpoints copies the log, not a settlement's commit
        statement.execute("PRAGMA journal_size_limit=" + WAL_SIZE_LIMIT); // the log's file shrinks when it starts over
        statement.execute("CREATE TABLE IF NOT EXISTS usage_events (request_id TEXT PRIMARY KEY, "
            + "user_name TEXT NOT NULL, model TEXT NOT NULL, admitted_at_ms INTEGER NOT NULL, "
            + "settled_at_ms INTEGER NOT NULL, day TEXT NOT NULL, prompt_tokens INTEGER NOT NULL, "
            + "completion_tokens INTEGER NOT NULL, outcome TEXT NOT NULL, team TEXT)");
        addTeamColumnToOlderFiles(statement);
        statement.execute("CREATE INDEX IF NOT EXISTS usage_events_day ON usage_events(day, user_name)");
        statement.execute("CREATE INDEX IF NOT EXISTS usage_events_admitted ON usage_events(admitted_at_ms)");
        statement.execute("CREATE TABLE IF NOT EXISTS user_resets (user_name TEXT PRIMARY KEY, "
            + "reset_at_ms INTEGER NOT NULL, last_rowid INTEGER NOT NULL)");
        statement.execute("CREATE TABLE IF NOT EXISTS cooldowns (user_name TEXT PRIMARY KEY, "
            + "until_ms INTEGER NOT NULL)");
      }
      insertEvent = connection.prepareStatement("INSERT OR IGNORE INTO usage_events (request_id, user_name, model, "
          + "admitted_at_ms, settled_at_ms, day, prompt_tokens, completion_tokens, outcome, team) "
          + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      checkpoints = new WalCheckpoints(url, config.toProperties(), checkpointEvery,
          () -> call(() -> WalCheckpoints.passive(connection)));
    } catch (Exception e) {
      throw new IllegalStateException("cannot open the usage ledger " + file + ": " + e.getMessage(), e);
    }
  }

  /** @return false when an event with that request id was recorded before (it is not counted twice) */
  public Mono<Boolean> record(UsageEvent event) {
    return call(() -> {
      insertEvent.setString(1, event.requestId());
      insertEvent.setString(2, event.user());
      insertEvent.setString(3, event.model());
      insertEvent.setLong(4, event.admittedAt().toEpochMilli());
      insertEvent.setLong(5, event.settledAt().toEpochMilli());
      insertEvent.setString(6, event.day().toString());
      insertEvent.setLong(7, event.promptTokens());
      insertEvent.setLong(8, event.completionTokens());
      insertEvent.setString(9, event.outcome().name());
      insertEvent.setString(10, event.team());
      return insertEvent.executeUpdate() == 1;
    });
  }

  @Override
  public Mono<UsageTotals> totals(String user, LocalDate from, LocalDate to) {
    return call(() -> {
      String sql = "SELECT COUNT(*), COALESCE(SUM(e.prompt_tokens), 0), COALESCE(SUM(e.completion_tokens), 0), "
          + "COUNT(DISTINCT e.user_name) FROM usage_events e WHERE e.day BETWEEN ? AND ?"
          + (user == null ? "" : " AND e.user_name = ?");
      try (PreparedStatement query = connection.prepareStatement(sql)) {
        query.setString(1, from.toString());
        query.setString(2, to.toString());
        if (user != null) {
          query.setString(3, user);
        }
        try (ResultSet rows = query.executeQuery()) {
          rows.next();
          return new UsageTotals(rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getLong(4));
        }
      }
    });
  }

  @Override
  public Mono<List<UserUsage>> topUsers(LocalDate from, LocalDate to, int limit) {
    return call(() -> {
      String sql = "SELECT e.user_name, COUNT(*), SUM(e.prompt_tokens), SUM(e.completion_tokens)"
          + " FROM usage_events e WHERE e.day BETWEEN ? AND ? GROUP BY e.user_name"
          + " ORDER BY SUM(e.prompt_tokens + e.completion_tokens) DESC, e.user_name LIMIT ?";
      try (PreparedStatement query = connection.prepareStatement(sql)) {
        query.setString(1, from.toString());
        query.setString(2, to.toString());
        query.setInt(3, limit);
        List<UserUsage> users = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            users.add(new UserUsage(rows.getString(1), rows.getLong(2), rows.getLong(3), rows.getLong(4)));
          }
        }
        return users;
      }
    });
  }

  @Override
  public Mono<List<UsageEvent>> recent(int limit) {
    return call(() -> events(EVENT_COLUMNS + " FROM usage_events e ORDER BY e.settled_at_ms DESC LIMIT ?",
        statement -> statement.setInt(1, limit))).map(events -> events.stream().map(RecordedEvent::event).toList());
  }

  @Override
  public Mono<List<DailyUsage>> daily(LocalDate from, LocalDate to) {
    return days(from, to).map(days -> days.stream().map(RecordedDay::usage).toList());
  }

  /** Events admitted at or after {@code since}, oldest first: to rebuild the rolling windows at start. */
  public Mono<List<RecordedEvent>> admittedSince(Instant since) {
    return call(() -> events(EVENT_COLUMNS + " FROM usage_events e WHERE e.admitted_at_ms >= ? "
        + "ORDER BY e.admitted_at_ms", statement -> statement.setLong(1, since.toEpochMilli())));
  }

  /** Usage per user, team, model and day from {@code from} on: to rebuild the days' and months' totals at start. */
  public Mono<List<RecordedDay>> daysFrom(LocalDate from) {
    return days(from, LocalDate.MAX);
  }

  /** Forgets events of quota days before {@code day}: the ledger keeps a bounded history. */
  public Mono<Integer> forgetBefore(LocalDate day) {
    return call(() -> {
      try (PreparedStatement delete = connection.prepareStatement("DELETE FROM usage_events WHERE day < ?")) {
        delete.setString(1, day.toString());
        return delete.executeUpdate();
      }
    });
  }

  private Mono<List<RecordedDay>> days(LocalDate from, LocalDate to) {
    return call(() -> {
      String sql = "SELECT e.day, e.user_name, e.team, e.model, COUNT(*), SUM(e.prompt_tokens), "
          + "SUM(e.completion_tokens), " + FORGIVEN + " AS forgiven FROM usage_events e WHERE e.day BETWEEN ? AND ? "
          + "GROUP BY e.day, e.user_name, e.team, e.model, forgiven";
      try (PreparedStatement query = connection.prepareStatement(sql)) {
        query.setString(1, from.toString());
        query.setString(2, to.equals(LocalDate.MAX) ? "9999-12-31" : to.toString());
        List<RecordedDay> days = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            days.add(new RecordedDay(new DailyUsage(LocalDate.parse(rows.getString(1)), rows.getString(2),
                rows.getString(3), rows.getString(4), rows.getLong(5), rows.getLong(6), rows.getLong(7)),
                rows.getBoolean(8)));
          }
        }
        return days;
      }
    });
  }

  /** Usage recorded so far stops counting in the user's own quota; the events are kept. */
  public Mono<Void> markReset(String user, Instant at) {
    return call(() -> {
      try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO user_resets "
          + "VALUES (?, ?, (SELECT COALESCE(MAX(rowid), 0) FROM usage_events)) ON CONFLICT(user_name) "
          + "DO UPDATE SET reset_at_ms = excluded.reset_at_ms, last_rowid = excluded.last_rowid");
          PreparedStatement clearCooldown = connection.prepareStatement(
              "DELETE FROM cooldowns WHERE user_name = ?")) {
        upsert.setString(1, user);
        upsert.setLong(2, at.toEpochMilli());
        upsert.executeUpdate();
        clearCooldown.setString(1, user);
        clearCooldown.executeUpdate();
        return true;
      }
    }).then();
  }

  /** Cooldowns outlive a restart too: a user cannot escape one by waiting for a redeploy. */
  public Mono<Void> saveCooldown(String user, Instant until) {
    return call(() -> {
      try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO cooldowns VALUES (?, ?) "
          + "ON CONFLICT(user_name) DO UPDATE SET until_ms = excluded.until_ms")) {
        upsert.setString(1, user);
        upsert.setLong(2, until.toEpochMilli());
        return upsert.executeUpdate();
      }
    }).then();
  }

  public Mono<Map<String, Instant>> cooldownsAfter(Instant now) {
    return call(() -> {
      Map<String, Instant> cooldowns = new ConcurrentHashMap<>();
      try (PreparedStatement query = connection.prepareStatement(
          "SELECT user_name, until_ms FROM cooldowns WHERE until_ms > ?")) {
        query.setLong(1, now.toEpochMilli());
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            cooldowns.put(rows.getString(1), Instant.ofEpochMilli(rows.getLong(2)));
          }
        }
      }
      return cooldowns;
    });
  }

  /** Background checkpoints run so far: for tests that wait for some. */
  long checkpointsRun() {
    return checkpoints.runs();
  }

  @Override
  public void close() {
    checkpoints.close();
    scheduler.dispose();
    try {
      connection.close();
    } catch (SQLException e) {
      // Closing at shutdown: nothing is left to save and nobody to tell.
    }
  }

  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  private List<RecordedEvent> events(String sql, Binder binder) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      binder.bind(query);
      List<RecordedEvent> events = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          events.add(new RecordedEvent(new UsageEvent(rows.getString(1), rows.getString(2), rows.getString(3),
              rows.getString(4), Instant.ofEpochMilli(rows.getLong(5)), Instant.ofEpochMilli(rows.getLong(6)),
              LocalDate.parse(rows.getString(7)), rows.getLong(8), rows.getLong(9),
              Outcome.valueOf(rows.getString(10))), rows.getBoolean(11)));
        }
      }
      return events;
    }
  }

  /** Files written before teams existed have no team column; their events belong to no team. */
  private static void addTeamColumnToOlderFiles(Statement statement) throws SQLException {
    boolean hasTeam = false;
    try (ResultSet columns = statement.executeQuery("PRAGMA table_info(usage_events)")) {
      while (columns.next()) {
        hasTeam |= "team".equals(columns.getString("name"));
      }
    }
    if (!hasTeam) {
      statement.execute("ALTER TABLE usage_events ADD COLUMN team TEXT");
    }
  }

  private <T> Mono<T> call(Callable<T> work) {
    return Mono.fromCallable(() -> {
      synchronized (connection) {
        return work.call();
      }
    }).subscribeOn(scheduler);
  }
}
