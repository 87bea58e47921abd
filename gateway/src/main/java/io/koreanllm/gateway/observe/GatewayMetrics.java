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

  /** The counters: each labelled by user, model and one label of its own. */
  private enum Counted {
    REQUEST(REQUESTS, "outcome", "Requests to the model routes, by how they ended"),
    REFUSAL(REFUSALS, "reason", "Requests refused before reaching a backend, by error code"),
    TOKEN(TOKENS, "kind", "Tokens charged to users, as settled in the ledger");

    private final String meter;
    private final String label;
    private final String description;

    Counted(String meter, String label, String description) {
      this.meter = meter;
      this.label = label;
      this.description = description;
    }
  }

  /** The latency timers, labelled by model. */
  private enum Latency {
    ADMISSION_TIME(ADMISSION, "Arrival to admission decision: authentication, counting, reservation"),
    UPSTREAM_TIME(UPSTREAM, "Forwarding to the end of the backend's answer"),
    FIRST_TOKEN_TIME(TIME_TO_FIRST_TOKEN, "Arrival to the first generated text of a stream, the queue's wait included"),
    TOKENIZATION_TIME(TOKENIZATION, "Counting a prompt or an answer with the model's tokenizer");

    private final String meter;
    private final String description;

    Latency(String meter, String description) {
      this.meter = meter;
      this.description = description;
    }
  }

  private record CounterKey(Counted counted, String user, String model, String value) {
  }

  private record TimerKey(Latency latency, String model) {
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
    counter(Counted.REQUEST, user, model, record.outcome().label()).increment();
    if (record.reason() != null) {
      counter(Counted.REFUSAL, user, model, record.reason()).increment();
    }
    // Refused requests carry no tokens: nothing was charged.
    tokens(user, model, "prompt", record.promptTokens());
    tokens(user, model, "completion", record.completionTokens());
    latency(Latency.ADMISSION_TIME, model, record.admission());
    latency(Latency.UPSTREAM_TIME, model, record.upstream());
    latency(Latency.FIRST_TOKEN_TIME, model, record.timeToFirstToken());
  }

  /** Time spent counting one prompt or answer with the model's tokenizer. */
  public void tokenization(String model, Duration time) {
    latency(Latency.TOKENIZATION_TIME, model, time);
  }

  /** The timer behind a latency, for the dashboard's percentiles; null until it has recorded something. */
  public Timer timer(String name, String model) {
    return registry.find(name).tag("model", model).timer();
  }

  private void tokens(String user, String model, String kind, long tokens) {
    if (tokens > 0) {
      counter(Counted.TOKEN, user, model, kind).increment(tokens);
    }
  }

  private void latency(Latency latency, String model, Duration time) {
    if (time != null) {
      timers.computeIfAbsent(new TimerKey(latency, model), key -> Timer.builder(latency.meter)
          .description(latency.description)
          .tag("model", model)
          .publishPercentiles(0.5, 0.95, 0.99)
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofNanos(100_000))
          .maximumExpectedValue(Duration.ofMinutes(2))
          .register(registry)).record(time);
    }
  }

  private Counter counter(Counted counted, String user, String model, String value) {
    return counters.computeIfAbsent(new CounterKey(counted, user, model, value), key -> Counter.builder(counted.meter)
        .description(counted.description).tags("user", user, "model", model, counted.label, value).register(registry));
  }
}
