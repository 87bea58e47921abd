package io.koreanllm.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.koreanllm.policy.SchedulingPolicy;

/** How a backend's model server orders the requests the gateway sends it; written lower-case in resources. */
public enum Scheduling {
  @JsonProperty("fcfs")
  FCFS(SchedulingPolicy.FCFS),
  @JsonProperty("priority")
  PRIORITY(SchedulingPolicy.PRIORITY);

  private final SchedulingPolicy policy;

  Scheduling(SchedulingPolicy policy) {
    this.policy = policy;
  }

  /** The same policy as the policy document names it. */
  public SchedulingPolicy policy() {
    return policy;
  }
}
