package io.koreanllm.policy;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Optional;

/** How the model server itself orders the requests the gateway sends it; written lower-case in documents. */
public enum SchedulingPolicy {
  /** First come, first served: every engine's default. */
  FCFS,
  /**
   * By the {@code priority} of each request, which the gateway sets from the user's {@link PriorityClass}. Only
   * vLLM started with {@code --scheduling-policy priority} honours it, so the policy allows it only with
   * {@link Engine#VLLM}.
   */
  PRIORITY;

  /** The lower-case name used in documents: {@code fcfs}, {@code priority}. */
  @JsonValue
  public String id() {
    return EnumIds.id(this);
  }

  /** The policy with this id, ignoring case. */
  public static Optional<SchedulingPolicy> fromId(String id) {
    return EnumIds.fromId(SchedulingPolicy.class, id);
  }
}
