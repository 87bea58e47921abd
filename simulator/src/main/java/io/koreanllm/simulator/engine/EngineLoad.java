package io.koreanllm.simulator.engine;

import io.koreanllm.simulator.control.SettingsStore;
import io.koreanllm.simulator.control.SimulatorStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * The model server's scheduler and load: sequences running, requests waiting for running slots, the KV cache the
 * running ones fill, and per served model the tokens processed and the time to first token. What {@code /metrics}
 * reports, so that the gateway's backend view can be tested against a server whose load is known.
 *
 * <p>Waiting requests start in order of {@code priority} (lower first), then of arrival, as vLLM's scheduler orders
 * them; under {@code fcfs} every priority is 0, so arrival alone decides. The request at the head of the queue starts as
 * soon as enough slots are free for its sequences, and nothing overtakes it.
 */
@Component
public class EngineLoad {

  private static final Comparator<Waiting> ORDER =
      Comparator.comparingInt((Waiting waiting) -> waiting.demand.priority()).thenComparingLong(w -> w.arrival);

  private final SettingsStore settings;
  private final SimulatorStats stats;
  private final Map<String, ModelLoad> models = new ConcurrentHashMap<>();
  private final PriorityQueue<Waiting> queue = new PriorityQueue<>(ORDER);
  private long arrivals;
  private int running;
  private long cachedTokens;

  public EngineLoad(SettingsStore settings, SimulatorStats stats) {
    this.settings = settings;
    this.stats = stats;
  }

  /**
   * What one request asks of the engine.
   *
   * @param sequences the sequences it generates at once ({@code n}); each takes a running slot
   * @param kvTokens the tokens it holds in the KV cache while it runs (prompt and answers)
   * @param priority its place among waiting requests: lower starts first
   */
  public record Demand(int sequences, int kvTokens, int priority) {}

  /**
   * Slots to run in, at once when the queue is empty and enough are free, else when requests ahead of this one have
   * started and enough have ended. Cancelling the returned Mono leaves the queue.
   */
  public Mono<Slot> admit(String model, Demand demand) {
    ModelLoad load = model(model);
    return Mono.create(sink -> {
      Waiting waiting;
      List<Waiting> started;
      synchronized (this) {
        waiting = new Waiting(sink, load, demand, arrivals++, System.nanoTime());
        queue.add(waiting);
        load.waiting++;
        started = startWhatFits(waiting);
      }
      sink.onCancel(() -> leave(waiting));
      started.forEach(Waiting::notifyStarted);
    });
  }

  public ModelLoad model(String model) {
    return models.computeIfAbsent(model, ModelLoad::new);
  }

  public Iterable<ModelLoad> models() {
    return models.values();
  }

  /** Sequences running now, in all models: the batch a decode step works through. */
  public synchronized int running() {
    return running;
  }

  /** Fraction of the KV cache the running requests fill, from 0 to 1. */
  public synchronized double kvCacheUsage(int kvCacheTokens) {
    return Math.min(1.0, (double) cachedTokens / kvCacheTokens);
  }

  public synchronized int running(ModelLoad model) {
    return model.running;
  }

  public synchronized int waiting(ModelLoad model) {
    return model.waiting;
  }

  /**
   * Starts waiting requests from the head of the queue while their sequences fit; called holding the lock.
   *
   * @param arriving the request that just joined the queue, if any: it did not wait behind others
   */
  private List<Waiting> startWhatFits(Waiting arriving) {
    int limit = settings.current().maxRunningRequests();
    List<Waiting> started = new ArrayList<>();
    while (!queue.isEmpty() && running + slots(queue.peek(), limit) <= limit) {
      Waiting next = queue.poll();
      next.load.waiting--;
      int slots = slots(next, limit);
      running += slots;
      next.load.running += slots;
      cachedTokens += next.demand.kvTokens();
      next.slot = new Slot(next, slots, Duration.ofNanos(System.nanoTime() - next.arrivedNanos));
      stats.started(slots, next.slot.queueWait, next != arriving);
      started.add(next);
    }
    return started;
  }

  /** A request asking for more sequences than the engine runs at once runs them all the same, alone. */
  private static int slots(Waiting waiting, int limit) {
    return Math.min(waiting.demand.sequences(), limit);
  }

  /** The client gave up: out of the queue, or, when it started just then, out of the engine. */
  private void leave(Waiting waiting) {
    List<Waiting> started = List.of();
    Slot startedJustThen = null;
    synchronized (this) {
      if (queue.remove(waiting)) {
        waiting.load.waiting--;
        // It may have been the head that held the others back.
        started = startWhatFits(null);
      } else {
        startedJustThen = waiting.slot;
      }
    }
    if (startedJustThen != null) {
      startedJustThen.release();
    }
    started.forEach(Waiting::notifyStarted);
  }

  private void release(Slot slot) {
    List<Waiting> started;
    synchronized (this) {
      running -= slot.slots;
      slot.owner.load.running -= slot.slots;
      cachedTokens -= slot.owner.demand.kvTokens();
      stats.ended(slot.slots);
      started = startWhatFits(null);
    }
    started.forEach(Waiting::notifyStarted);
  }

  /** A running request's place; released once, whichever way the request ends. */
  public final class Slot {

    private final Waiting owner;
    private final int slots;
    private final Duration queueWait;
    private boolean released;

    private Slot(Waiting owner, int slots, Duration queueWait) {
      this.owner = owner;
      this.slots = slots;
      this.queueWait = queueWait;
    }

    /** How long the request waited from its arrival at the engine until it started. */
    public Duration queueWait() {
      return queueWait;
    }

    public void release() {
      synchronized (EngineLoad.this) {
        if (released) {
          return;
        }
        released = true;
      }
      EngineLoad.this.release(this);
    }
  }

  private final class Waiting {

    final MonoSink<Slot> sink;
    final ModelLoad load;
    final Demand demand;
    final long arrival;
    final long arrivedNanos;
    Slot slot;

    Waiting(MonoSink<Slot> sink, ModelLoad load, Demand demand, long arrival, long arrivedNanos) {
      this.sink = sink;
      this.load = load;
      this.demand = demand;
      this.arrival = arrival;
      this.arrivedNanos = arrivedNanos;
    }

    /** Hands the slot over outside the lock: what follows may run on this thread. */
    void notifyStarted() {
      sink.success(slot);
    }
  }
}
