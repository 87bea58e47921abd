package io.koreanllm.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/** The most the gateway sends a backend at once (all replicas together); beyond it requests wait in its fair queue. */
public class CapacitySpec {

  @Min(0)
  @JsonPropertyDescription("Requests running at once, 0 for no limit; when not given, the engine's own running "
      + "limit if its arguments set one (SGLang --max-running-requests, also from the GPU profile; vLLM "
      + "--max-num-seqs in extraArgs), else no limit.")
  public Integer maxRunningRequests;

  @Min(0)
  @JsonPropertyDescription("Tokens in flight at once (prompt + reserved completion); no limit when not given or 0.")
  public Long maxTokensInFlight;
}
