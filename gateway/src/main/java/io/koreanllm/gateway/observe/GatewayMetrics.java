package io.koreanllm.gateway.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The gateway's own metrics, at {@code /actuator/prometheus} (docs/operations.md lists them): tokens by user, model
 * and kind; requests by outcome; refusals by reason; admission, upstream, time-to-first-token and tokenization
 * latencies. Users and models are bounded by the policy, so their labels are too ({@link RequestTrace} names a model
 * only once the policy knows it); keys never appear.
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

  private final MeterRegistry registry;

  public GatewayMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void requestEnded(RequestRecord record) {
    String user = record.user();
    String model = record.model();
    Counter.builder(REQUESTS).description("Requests to the model routes, by how they ended")
        .tags("user", user, "model", model, "outcome", record.outcome().label())
        .register(registry).increment();
    if (record.reason() != null) {
      Counter.builder(REFUSALS).description("Requests refused before reaching a backend, by error code")
          .tags("user", user, "model", model, "reason", record.reason())
          .register(registry).increment();
    }
    // Refused requests carry no tokens: nothing was charged.
    tokens(user, model, "prompt", record.promptTokens());
    tokens(user, model, "completion", record.completionTokens());
    latency(ADMISSION, "Arrival to admission decision: authentication, counting, reservation", model,
        record.admission());
    latency(UPSTREAM, "Forwarding to the end of the backend's answer", model, record.upstream());
    latency(TIME_TO_FIRST_TOKEN, "Arrival to the first generated text of a stream, the queue's wait included", model,
        record.timeToFirstToken());
  }

  /** Time spent counting one prompt or answer with the model's tokenizer. */
  public void tokenization(String model, Duration time) {
    latency(TOKENIZATION, "Counting a prompt or an answer with the model's tokenizer", model, time);
  }

  /** The timer behind a latency, for the dashboard's percentiles; null until it has recorded something. */
  public Timer timer(String name, String model) {
    return registry.find(name).tag("model", model).timer();
  }

  private void tokens(String user, String model, String kind, long tokens) {
    if (tokens > 0) {
      Counter.builder(TOKENS).description("Tokens charged to users, as settled in the ledger")
          .tags("user", user, "model", model, "kind", kind)
          .register(registry).increment(tokens);
    }
  }

  private void latency(String name, String description, String model, Duration time) {
    if (time != null) {
      Timer.builder(name).description(description).tag("model", model)
          .publishPercentiles(0.5, 0.95, 0.99)
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofNanos(100_000))
          .maximumExpectedValue(Duration.ofMinutes(2))
          .register(registry).record(time);
    }
  }
}
