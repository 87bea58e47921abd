package io.koreanllm.gateway.queue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A model's line in Prometheus ({@code koreanllm_queue_*}, docs/operations.md): requests waiting per class and
 * running, how long they waited, how many timed out or left, and the tokens each user was dispatched (their share).
 */
final class QueueMetrics implements QueueListener {

  static final String WAIT = "koreanllm.queue.wait";
  static final String DISPATCHED_TOKENS = "koreanllm.queue.dispatched.tokens";

  private final MeterRegistry registry;
  private final String model;

  QueueMetrics(MeterRegistry registry, String model) {
    this.registry = registry;
    this.model = model;
  }

  /** Gauges of the line as it stands; the counters at 0 from the start, so a rate over them exists before any. */
  void watch(Supplier<QueueView> view) {
    for (Lane lane : Lane.values()) {
      timeoutCounter(lane.ordinal());
      leftCounter(lane.ordinal());
      Gauge.builder("koreanllm.queue.waiting", view, current -> current.get().waiting()[lane.ordinal()])
          .description("Requests waiting for the model's capacity").tags("model", model, "class", lane.id())
          .strongReference(true).register(registry);
    }
    Gauge.builder("koreanllm.queue.running", view, current -> current.get().running())
        .description("Requests this replica has dispatched to the model and not yet ended").tag("model", model)
        .strongReference(true).register(registry);
    Gauge.builder("koreanllm.queue.engine.backlog", view, current -> current.get().engineBacklog())
        .description("Requests the model server reports queued in its own queue, holding the line back")
        .tag("model", model).strongReference(true).register(registry);
  }

  @Override
  public void enqueued(int lane) {
  }

  @Override
  public void dispatched(int lane, String user, long cost, Duration waited) {
    Timer.builder(WAIT).description("Time a request waited for the model's capacity")
        .tags("model", model, "class", Lane.values()[lane].id())
        .publishPercentiles(0.5, 0.95, 0.99).publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
        .register(registry).record(waited);
    Counter.builder(DISPATCHED_TOKENS)
        .description("Tokens reserved by the requests dispatched to the model, by user: each one's share")
        .tags("model", model, "user", user).register(registry).increment(cost);
  }

  @Override
  public void timedOut(int lane) {
    timeoutCounter(lane).increment();
  }

  @Override
  public void left(int lane) {
    leftCounter(lane).increment();
  }

  private Counter timeoutCounter(int lane) {
    return Counter.builder("koreanllm.queue.timeouts")
        .description("Requests refused after waiting their class's longest")
        .tags("model", model, "class", Lane.values()[lane].id()).register(registry);
  }

  private Counter leftCounter(int lane) {
    return Counter.builder("koreanllm.queue.left").description("Requests whose client left while they waited")
        .tags("model", model, "class", Lane.values()[lane].id()).register(registry);
  }
}
