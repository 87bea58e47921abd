package io.koreanllm.gateway.policy;

import io.koreanllm.gateway.config.GatewayProperties;
import io.koreanllm.policy.Policy;
import io.koreanllm.policy.PolicyReader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The policy in force. Requests read it once each, so a reload swaps it atomically between requests; a policy
 * that fails validation is never swapped in, and the last good one stays.
 */
@Component
public class PolicyHolder {

  private static final Logger log = LoggerFactory.getLogger(PolicyHolder.class);

  private final List<Path> files;
  private final AtomicReference<Policy> current = new AtomicReference<>();

  public PolicyHolder(GatewayProperties properties) {
    this.files = properties.policyFiles();
    current.set(read());
    log.info("policy loaded from {}: {} users, {} models", files, current.get().users().size(),
        current.get().models().size());
  }

  public Policy current() {
    return current.get();
  }

  /** Puts a policy read by {@link #read()} in force. */
  public void swap(Policy policy) {
    current.set(policy);
    log.info("policy in force: {} users, {} models", policy.users().size(), policy.models().size());
  }

  /** Reads the files again; throws {@link io.koreanllm.policy.PolicyException} when they are invalid. */
  public Policy read() {
    return new PolicyReader().read(files.toArray(Path[]::new));
  }
}
