package io.koreanllm.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

public class LlmBackendStatus extends ResourceStatus {

  @JsonPropertyDescription("Pods whose model server answers /health.")
  public Integer readyReplicas;

  @JsonPropertyDescription("Base URL of the model server inside the cluster, as the gateway routes to it.")
  public String endpoint;
}
