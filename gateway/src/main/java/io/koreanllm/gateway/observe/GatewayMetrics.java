package io.koreanllm.gateway.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.stereotype.Component;

/**
 * The gateway's own metrics, at {@code /actuator/prometheus} (docs/operations.md lists them): tokens by user, model
 * and kind; requests by outcome; refusals by reason; admission, upstream, time-to-first-token and tokenization
 * latencies. Users and models are bounded by the policy, so their labels are too ({@link RequestTrace} names a model
 * only once the policy knows it); keys never appear.
 *
 * <p>Each meter is built once per label set and kept: Micrometer's lookup by name and tags (sorting and hashing the
 * tags, on every request) was a fifth of the settling thread's time in a profile (docs/benchmarks.md).
 */
@Component
public class GatewayMetrics implements RequestListener {

  public static final String TOKENS = "koreanllm.tokens";
  public static final String REQUESTS = "koreanllm.requests";
  public static final String REFUSALS = "koreanllm.refusals";
  public static final String ADMISSION = "koreanllm.admission";
  public static final String UPSTREAM = "koreanllm.upstream";
  public static final String TIME_TO_FIRST_TOKEN = "koreanllm.time.to.first.token";
  public static final String TOKENIZATION = "koreanllm.tokenization";

  /** One counter's labels: the user, the model, and the value of the counter's third label. */
  private record CounterKey(String name, String user, String model, String label) {
  }

  /** One latency timer's labels. */
  private record TimerKey(String name, String model) {
  }

  private final MeterRegistry registry;
  private final ConcurrentMap<CounterKey, Counter> counters = new ConcurrentHashMap<>();
  private final ConcurrentMap<TimerKey, Timer> timers = new ConcurrentHashMap<>();

  public GatewayMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void requestEnded(RequestRecord record) {
    String user = record.user();
    String model = record.model();
    counter(REQUESTS, user, model, record.outcome().label()).increment();
    if (record.reason() != null) {
      counter(REFUSALS, user, model, record.reason()).increment();
    }
    // Refused requests carry no tokens: nothing was charged.
    tokens(user, model, "prompt", record.promptTokens());
    tokens(user, model, "completion", record.completionTokens());
    latency(ADMISSION, model, record.admission());
    latency(UPSTREAM, model, record.upstream());
    latency(TIME_TO_FIRST_TOKEN, model, record.timeToFirstToken());
  }

  /** Time spent counting one prompt or answer with the model's tokenizer. */
  public void tokenization(String model, Duration time) {
    latency(TOKENIZATION, model, time);
  }

  /** The timer behind a latency, for the dashboard's percentiles; null until it has recorded something. */
  public Timer timer(String name, String model) {
    return registry.find(name).tag("model", model).timer();
  }

  private void tokens(String user, String model, String kind, long tokens) {
    if (tokens > 0) {
      counter(TOKENS, user, model, kind).increment(tokens);
    }
  }

  private void latency(String name, String model, Duration time) {
    if (time != null) {
      timers.computeIfAbsent(new TimerKey(name, model), key -> Timer.builder(name).description(describe(name))
          .tag("model", model)
          .publishPercentiles(0.5, 0.95, 0.99)
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofNanos(100_000))
          .maximumExpectedValue(Duration.ofMinutes(2))
          .register(registry)).record(time);
    }
  }

  private Counter counter(String name, String user, String model, String label) {
    return counters.computeIfAbsent(new CounterKey(name, user, model, label), key -> Counter.builder(name)
        .description(describe(name)).tags("user", user, "model", model, labelName(name), label).register(registry));
  }

  private static String labelName(String counter) {
    return switch (counter) {
      case REQUESTS -> "outcome";
      case REFUSALS -> "reason";
      case TOKENS -> "kind";
      default -> throw new IllegalArgumentException(counter);
    };
  }

  private static String describe(String meter) {
    return switch (meter) {
      case REQUESTS -> "Requests to the model routes, by how they ended";
      case REFUSALS -> "Requests refused before reaching a backend, by error code";
      case TOKENS -> "Tokens charged to users, as settled in the ledger";
      case ADMISSION -> "Arrival to admission decision: authentication, counting, reservation";
      case UPSTREAM -> "Forwarding to the end of the backend's answer";
      case TIME_TO_FIRST_TOKEN -> "Arrival to the first generated text of a stream, the queue's wait included";
      case TOKENIZATION -> "Counting a prompt or an answer with the model's tokenizer";
      default -> throw new IllegalArgumentException(meter);
    };
  }
}
