package io.koreanllm.gateway.quota.redis;

import io.koreanllm.gateway.quota.QuotaHolder;
import io.koreanllm.gateway.quota.QuotaScope;
import io.koreanllm.gateway.quota.Reservation;
import io.koreanllm.gateway.usage.Outcome;
import io.koreanllm.gateway.usage.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Settlements and releases waiting for Redis, on local disk so a gateway killed during an outage loses none: one JSON
 * line each, written at once (a killed process keeps what the kernel has) and forced to the disk every
 * {@code forceInterval} (a machine that loses power may lose that much). They are replayed in order once Redis
 * answers, and the file is emptied when all are in; replays are idempotent by request id, so a crash in the middle
 * of one replays some twice and counts them once. At start the file's entries are taken up again. Its size is
 * bounded: past {@code maxBytes} it is full, and the store admits nothing it would have to journal.
 */
final class UsageJournal implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(UsageJournal.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A settlement ({@code usage} given) or a release ({@code usage} null) of one request. */
  record Entry(Reservation reservation, Usage usage, Outcome outcome) {

    boolean isRelease() {
      return usage == null;
    }
  }

  /** An entry as one line of the file. Lines written before teams have no team and count in the user's scope. */
  private record Line(String id, String user, String team, String model, List<QuotaScope> scopes, long promptTokens,
      long reservedTokens, long admittedMs, long day, Long prompt, Long completion, String outcome) {

    static Line of(Entry entry) {
      Reservation r = entry.reservation();
      return new Line(r.requestId(), r.user(), r.team(), r.model(), r.scopes(), r.promptTokens(), r.reservedTokens(),
          r.admittedAt().toEpochMilli(), r.day().toEpochDay(),
          entry.isRelease() ? null : entry.usage().promptTokens(),
          entry.isRelease() ? null : entry.usage().completionTokens(), entry.outcome().name());
    }

    Entry entry() {
      Reservation reservation = new Reservation(id, new QuotaHolder(user, team), model,
          scopes == null ? List.of(QuotaScope.user(user)) : scopes, promptTokens, reservedTokens,
          Instant.ofEpochMilli(admittedMs), LocalDate.ofEpochDay(day));
      return new Entry(reservation, prompt == null ? null : new Usage(prompt, completion), Outcome.valueOf(outcome));
    }
  }

  private final Path file;
  private final long maxBytes;
  private final FileChannel channel;
  private final Deque<Entry> pending = new ArrayDeque<>();
  private final Scheduler writer = Schedulers.newSingle("usage-journal");
  private final Disposable forcing;
  /**
   * The journal's size and entries, read without its lock: admission asks them on Netty's event loop and must not
   * wait while the writer holds the lock to force the file to disk.
   */
  private volatile long bytes;
  private volatile int entries;
  private boolean dirty;

  UsageJournal(Path file, long maxBytes, Duration forceInterval) {
    this.file = file;
    this.maxBytes = maxBytes;
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      takeUp();
      channel.position(channel.size());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the usage journal " + file + ": " + e.getMessage(), e);
    }
    forcing = Flux.interval(forceInterval, forceInterval, writer).subscribe(tick -> force());
  }

  /** Appends an entry; completes once the kernel has it. */
  Mono<Void> append(Entry entry) {
    return Mono.<Void>fromRunnable(() -> write(entry)).subscribeOn(writer);
  }

  /** The oldest entry not yet replayed, or null. */
  synchronized Entry oldest() {
    return pending.peekFirst();
  }

  /** The oldest entry is in Redis now; once all are, the file is emptied. */
  Mono<Void> replayed(Entry entry) {
    return Mono.<Void>fromRunnable(() -> remove(entry)).subscribeOn(writer);
  }

  int size() {
    return entries;
  }

  boolean isEmpty() {
    return entries == 0;
  }

  /** Past its size bound: nothing more should be admitted that would have to be journaled. */
  boolean full() {
    return bytes >= maxBytes;
  }

  Path file() {
    return file;
  }

  private synchronized void write(Entry entry) {
    byte[] line = (JSON.writeValueAsString(Line.of(entry)) + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      ByteBuffer buffer = ByteBuffer.wrap(line);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the usage journal " + file, e);
    }
    bytes += line.length;
    dirty = true;
    pending.addLast(entry);
    entries = pending.size();
  }

  private synchronized void remove(Entry entry) {
    if (pending.peekFirst() == entry) {
      pending.removeFirst();
      entries = pending.size();
    }
    if (pending.isEmpty() && bytes > 0) {
      try {
        channel.truncate(0);
        channel.position(0);
        channel.force(false);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot empty the usage journal " + file, e);
      }
      bytes = 0;
      dirty = false;
    }
  }

  private synchronized void force() {
    if (!dirty) {
      return;
    }
    try {
      channel.force(false);
      dirty = false;
    } catch (IOException e) {
      log.error("cannot force the usage journal {} to disk: {}", file, e.toString());
    }
  }

  /**
   * Takes up what a previous process left: every whole line. A line a crash cut short is cut off the file, so the
   * next entry starts a line of its own.
   */
  private void takeUp() throws IOException {
    byte[] content = Files.readAllBytes(file);
    int end = content.length;
    while (end > 0 && content[end - 1] != '\n') {
      end--;
    }
    if (end < content.length) {
      channel.truncate(end);
    }
    int skipped = 0;
    for (String line : new String(content, 0, end, StandardCharsets.UTF_8).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        pending.addLast(JSON.readValue(line, Line.class).entry());
      } catch (JacksonException | IllegalArgumentException e) {
        skipped++;
      }
    }
    bytes = channel.size();
    entries = pending.size();
    if (!pending.isEmpty()) {
      log.info("usage journal {}: {} entries from before the restart wait for Redis", file, pending.size());
    }
    if (skipped > 0) {
      log.warn("usage journal {}: {} cut lines skipped", file, skipped);
    }
  }

  @Override
  public synchronized void close() {
    forcing.dispose();
    force();
    try {
      channel.close();
    } catch (IOException e) {
      // Closing at shutdown: what was written is on disk already.
    }
    writer.dispose();
  }
}
