package io.koreanllm.gateway.queue;

import io.koreanllm.gateway.backend.EngineWaiting;
import io.koreanllm.gateway.observe.TimerPercentiles;
import io.koreanllm.policy.Capacity;
import io.koreanllm.policy.ModelRoute;
import io.koreanllm.policy.PriorityClass;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The lines in front of the models that have a capacity: a request that passed its quota waits here for a slot
 * instead of in the engine's own first-come queue. A model without a capacity has no line. When a model's capacity
 * changes, a new line starts; the old one serves what already waits in it.
 */
@Component
public class Queues {

  private final CapacityProvider capacities;
  private final QueueProperties properties;
  private final MeterRegistry registry;
  private final Map<String, Line> lines = new ConcurrentHashMap<>();

  public Queues(CapacityProvider capacities, QueueProperties properties, MeterRegistry registry) {
    this.capacities = capacities;
    this.properties = properties;
    this.registry = registry;
  }

  /** A model's line with the capacity it was made for. */
  private record Line(Capacity capacity, ModelQueue queue) {
  }

  /**
   * Waits for a slot of the model, in the request's class; at once for a model without a capacity.
   *
   * @param cost the tokens the request reserves
   */
  public Mono<Slot> acquire(ModelRoute model, PriorityClass priority, String requestId, String user, long cost) {
    Capacity capacity = model.capacity();
    if (!capacity.limited()) {
      return Mono.just(Slot.NONE);
    }
    return line(model.name(), capacity).acquire(requestId, user, Lane.of(priority).ordinal(), cost);
  }

  /** A model server's own queue, as its {@code /metrics} told: the correction of the model's line. */
  @EventListener
  public void engineWaiting(EngineWaiting reading) {
    Line line = lines.get(reading.model());
    if (line != null) {
      line.queue().engineReported(reading.requests(), reading.freshFor());
    }
  }

  /** What waits and runs at each model with a line, for the admin routes and the dashboard. */
  public List<ModelLine> lines() {
    List<ModelLine> views = new ArrayList<>();
    lines.forEach((model, line) -> {
      QueueView view = line.queue().view();
      Map<String, Integer> waiting = new LinkedHashMap<>();
      for (Lane lane : Lane.values()) {
        waiting.put(lane.id(), view.waiting()[lane.ordinal()]);
      }
      Map<String, Double> waitP95 = new LinkedHashMap<>();
      for (Lane lane : Lane.values()) {
        waitP95.put(lane.id(), TimerPercentiles.of(registry.find(QueueMetrics.WAIT).tags("model", model,
            "class", lane.id()).timer()).p95Ms());
      }
      views.add(new ModelLine(model, line.capacity().requests(), line.capacity().tokens(), view.running(),
          view.tokensInFlight(), waiting, waitP95, view.runningByUser(), shares(model), view.engineBacklog()));
    });
    return views;
  }

  /**
   * One model's line as the admin routes show it.
   *
   * @param capacityRequests requests that may run at once (0: no such limit); capacityTokens likewise for tokens
   * @param running requests this replica has running; tokensInFlight what they reserved
   * @param waiting requests waiting per class
   * @param waitP95Ms the 95th percentile of the recent waits per class (null before any)
   * @param runningByUser requests each user has running through this replica
   * @param shares each user's share of the tokens dispatched to the model through this replica
   * @param engineBacklog requests the model server reports queued in its own queue, holding this line back until
   *     they have started (0: none)
   */
  public record ModelLine(String model, int capacityRequests, long capacityTokens, int running,
      long tokensInFlight, Map<String, Integer> waiting, Map<String, Double> waitP95Ms,
      Map<String, Long> runningByUser, Map<String, Double> shares, int engineBacklog) {
  }

  private Map<String, Double> shares(String model) {
    Map<String, Double> tokens = new TreeMap<>();
    registry.find(QueueMetrics.DISPATCHED_TOKENS).tag("model", model).counters()
        .forEach(counter -> tokens.merge(counter.getId().getTag("user"), counter.count(), Double::sum));
    double total = tokens.values().stream().mapToDouble(Double::doubleValue).sum();
    tokens.replaceAll((user, used) -> total == 0 ? 0 : used / total);
    return tokens;
  }

  private ModelQueue line(String model, Capacity capacity) {
    return lines.compute(model, (name, line) -> line != null && line.capacity().equals(capacity) ? line
        : new Line(capacity, newQueue(name, capacity))).queue();
  }

  private ModelQueue newQueue(String model, Capacity capacity) {
    int requests = capacity.requests() > 0 ? capacity.requests() : Integer.MAX_VALUE;
    QueueMetrics metrics = new QueueMetrics(registry, model);
    int reserve = Math.min(properties.interactiveReserve(), requests - 1);
    ModelQueue queue = new ModelQueue(capacities.capacityOf(model, requests, capacity.tokens(), reserve),
        new int[] {properties.interactiveWeight(), properties.batchWeight()},
        new Duration[] {properties.interactiveMaxWait(), properties.batchMaxWait()}, Schedulers.parallel(), metrics);
    metrics.watch(queue::view);
    return queue;
  }

  @PreDestroy
  void close() {
    lines.values().forEach(line -> line.queue().close());
  }
}
