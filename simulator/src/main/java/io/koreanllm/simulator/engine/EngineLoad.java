package io.koreanllm.simulator.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * The model server's load as its scheduler sees it: requests running, requests waiting for a free slot, the KV cache
 * the running ones fill, and per served model the tokens processed and the time to first token. What {@code /metrics}
 * reports, so that the gateway's backend view can be tested against a server whose load is known.
 */
@Component
public class EngineLoad {

  private final Map<String, ModelLoad> models = new ConcurrentHashMap<>();
  private final Deque<Waiting> queue = new ArrayDeque<>();
  private int running;
  private long cachedTokens;

  /**
   * A slot to generate in, at once when fewer than {@code maxRunning} requests run, else when one ends (first come,
   * first served). Cancelling the returned Mono leaves the queue.
   *
   * @param kvTokens the tokens the request holds in the KV cache while it runs (prompt and answer)
   */
  public Mono<Slot> admit(String model, int maxRunning, int kvTokens) {
    ModelLoad load = model(model);
    return Mono.create(sink -> {
      Waiting waiting = new Waiting(sink, load, kvTokens);
      boolean started;
      synchronized (this) {
        started = running < maxRunning;
        if (started) {
          start(waiting);
        } else {
          queue.addLast(waiting);
          load.waiting++;
        }
      }
      if (started) {
        sink.success(waiting.slot);
      } else {
        sink.onCancel(() -> leave(waiting));
      }
    });
  }

  public ModelLoad model(String model) {
    return models.computeIfAbsent(model, ModelLoad::new);
  }

  public Iterable<ModelLoad> models() {
    return models.values();
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

  private void start(Waiting waiting) {
    running++;
    waiting.load.running++;
    cachedTokens += waiting.kvTokens;
  }

  private synchronized void leave(Waiting waiting) {
    if (queue.remove(waiting)) {
      waiting.load.waiting--;
    }
  }

  private void release(Waiting ended) {
    Waiting next;
    synchronized (this) {
      running--;
      ended.load.running--;
      cachedTokens -= ended.kvTokens;
      next = queue.pollFirst();
      if (next != null) {
        next.load.waiting--;
        start(next);
      }
    }
    if (next != null) {
      next.sink.success(next.slot);
    }
  }

  /** A running request's place; released once, whichever way the request ends. */
  public final class Slot {

    private final Waiting owner;
    private boolean released;

    private Slot(Waiting owner) {
      this.owner = owner;
    }

    public void release() {
      synchronized (EngineLoad.this) {
        if (released) {
          return;
        }
        released = true;
      }
      EngineLoad.this.release(owner);
    }
  }

  private final class Waiting {

    final MonoSink<Slot> sink;
    final ModelLoad load;
    final int kvTokens;
    final Slot slot = new Slot(this);

    Waiting(MonoSink<Slot> sink, ModelLoad load, int kvTokens) {
      this.sink = sink;
      this.load = load;
      this.kvTokens = kvTokens;
    }
  }
}
