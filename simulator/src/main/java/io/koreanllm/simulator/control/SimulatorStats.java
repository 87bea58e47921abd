package io.koreanllm.simulator.control;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * What tests and benchmarks observe of the simulator since the last reset: how many generation requests arrived, how
 * many were answered to the end, how many clients went away before the end (the gateway must cancel upstream when its
 * own client leaves), the last request body exactly as forwarded, and the engine's load: sequences running now and at
 * most at once (a gateway must never oversubscribe the engine), and how long requests waited for a running slot.
 */
@Component
public class SimulatorStats {

  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong cancelled = new AtomicLong();
  private final AtomicReference<String> lastRequest = new AtomicReference<>();
  private int running;
  private int maxRunning;
  private long started;
  private long queued;
  private long queueWaitNanos;
  private long maxQueueWaitNanos;

  /** A generation request with a well-formed JSON body arrived. */
  public void received(String jsonBody) {
    requests.incrementAndGet();
    lastRequest.set(jsonBody);
  }

  /** An answer, streamed or not, was sent to the end. */
  public void completed() {
    completed.incrementAndGet();
  }

  /** The client went away before its answer ended. */
  public void cancelled() {
    cancelled.incrementAndGet();
  }

  /**
   * The engine started a request of {@code sequences} sequences after it waited {@code wait} for them.
   *
   * @param queuedBehindOthers whether it waited in the queue, not merely arrived
   */
  public synchronized void started(int sequences, Duration wait, boolean queuedBehindOthers) {
    running += sequences;
    maxRunning = Math.max(maxRunning, running);
    started++;
    if (queuedBehindOthers) {
      queued++;
    }
    queueWaitNanos += wait.toNanos();
    maxQueueWaitNanos = Math.max(maxQueueWaitNanos, wait.toNanos());
  }

  /** A request's sequences left the engine, however it ended. */
  public synchronized void ended(int sequences) {
    running -= sequences;
  }

  public synchronized Snapshot snapshot() {
    return new Snapshot(requests.get(), completed.get(), cancelled.get(), running, maxRunning, started, queued,
        queueWaitNanos / 1_000_000, maxQueueWaitNanos / 1_000_000, lastRequest.get());
  }

  /** Zeroes the counters; requests still running count towards the next maximum. */
  public synchronized void reset() {
    requests.set(0);
    completed.set(0);
    cancelled.set(0);
    lastRequest.set(null);
    maxRunning = running;
    started = 0;
    queued = 0;
    queueWaitNanos = 0;
    maxQueueWaitNanos = 0;
  }

  /**
   * The counters at one moment.
   *
   * @param running sequences running in the engine now
   * @param maxRunning sequences running at once at the most since the last reset
   * @param started requests the engine started (generation and embeddings)
   * @param queued of those, the requests that had to wait in the queue for a slot
   * @param queueWaitMsTotal their time waiting for a slot, summed
   * @param queueWaitMsMax the longest such wait
   * @param lastRequest the last body received, embedded verbatim as JSON (it was checked to be JSON on arrival), so a
   *     test reads {@code lastRequest.stream_options.include_usage} directly
   */
  public record Snapshot(long requests, long completed, long cancelled, int running, int maxRunning, long started,
      long queued, long queueWaitMsTotal, long queueWaitMsMax, @JsonRawValue String lastRequest) {}
}
