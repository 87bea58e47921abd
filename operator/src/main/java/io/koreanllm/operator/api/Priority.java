package io.koreanllm.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.koreanllm.policy.PriorityClass;

/** A user's priority class in the gateway's fair queue; written lower-case in resources. */
public enum Priority {
  @JsonProperty("interactive")
  INTERACTIVE(PriorityClass.INTERACTIVE),
  @JsonProperty("batch")
  BATCH(PriorityClass.BATCH);

  private final PriorityClass policyClass;

  Priority(PriorityClass policyClass) {
    this.policyClass = policyClass;
  }

  /** The same class as the policy document names it. */
  public PriorityClass policyClass() {
    return policyClass;
  }
}
