package io.koreanllm.operator.policy;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether the policy ConfigMap holds what the resources compile to, at the operator's {@code /metrics}: 0 while the
 * policy cannot be published (too large for a ConfigMap even gzipped, the API server refusing it) or has not been yet,
 * so that an alert can say that what changed since, a user added or suspended, is not in force; and the bytes the
 * ConfigMap's policy takes, which show how near it is to the most a ConfigMap holds.
 */
public final class PolicyGauges {

  private final AtomicLong published = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();

  public PolicyGauges(MeterRegistry registry) {
    Gauge.builder("koreanllm.policy.published", published, AtomicLong::get)
        .description("1 when the policy ConfigMap holds the policy the resources compile to, 0 when it does not")
        .register(registry);
    Gauge.builder("koreanllm.policy.stored", bytes, AtomicLong::get).baseUnit("bytes")
        .description("The bytes the policy takes in its ConfigMap, as text or gzipped (at most 1,000,000)")
        .register(registry);
  }

  void published(long storedBytes) {
    bytes.set(storedBytes);
    published.set(1);
  }

  void notPublished() {
    published.set(0);
  }
}
