package io.koreanllm.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.koreanllm.policy.Engine;

/** The model servers the operator knows how to run; written lower-case in resources. */
public enum EngineKind {
  @JsonProperty("sglang")
  SGLANG(Engine.SGLANG),
  @JsonProperty("vllm")
  VLLM(Engine.VLLM);

  private final Engine policyEngine;

  EngineKind(Engine policyEngine) {
    this.policyEngine = policyEngine;
  }

  /** The same engine as the policy document names it. */
  public Engine policyEngine() {
    return policyEngine;
  }
}
