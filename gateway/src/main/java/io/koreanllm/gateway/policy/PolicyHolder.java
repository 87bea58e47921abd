package io.koreanllm.gateway.policy;

import io.koreanllm.policy.Policy;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy in force. Requests read it once each, so a change swaps it atomically between requests. A new policy
 * is put in force only once it is valid and prepared for (its models' tokenizers loaded); otherwise the last good
 * one stays.
 */
public final class PolicyHolder {

  private static final Logger log = LoggerFactory.getLogger(PolicyHolder.class);

  private final PolicySource source;
  private final List<PolicyPreparation> preparations;
  private final AtomicReference<Policy> current = new AtomicReference<>();

  /** Reads the source (a start without a valid policy fails) and follows it if it can be watched. */
  public PolicyHolder(PolicySource source, List<PolicyPreparation> preparations) {
    this.source = source;
    this.preparations = List.copyOf(preparations);
    apply(source.read());
    source.watch(this::apply, invalid -> log.error("policy from {} not applied, the previous one stays: {}",
        source.describe(), invalid.getMessage()));
  }

  public Policy current() {
    return current.get();
  }

  /** Reads the source again and applies it; throws (and keeps the current policy) when it is invalid. */
  public Policy reload() {
    Policy policy = source.read();
    apply(policy);
    return policy;
  }

  private void apply(Policy policy) {
    preparations.forEach(preparation -> preparation.prepare(policy));
    current.set(policy);
    log.info("policy from {} in force: {} users, {} models", source.describe(), policy.users().size(),
        policy.models().size());
  }
}
