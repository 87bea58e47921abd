package io.koreanllm.operator.backend;

import io.koreanllm.operator.api.EngineKind;
import io.koreanllm.operator.api.LlmBackendSpec;

/**
 * The engine settings a backend runs with: the spec's own values over its GPU profile's defaults. A null
 * setting is left to the engine (its flag is not passed).
 *
 * @param memoryFraction     share of GPU memory the server takes
 * @param maxModelLen        context length in tokens
 * @param dtype              weight dtype
 * @param maxRunningRequests SGLang's batch cap
 * @param chunkedPrefillSize SGLang's prefill chunk in tokens
 */
public record EngineSettings(Double memoryFraction, Integer maxModelLen, String dtype, Integer maxRunningRequests,
               Integer chunkedPrefillSize) {

  /** The profile that fits an 8 GB RTX 4060, with the values the seeds run the two engines with. */
  public static final String RTX_4060_8GB = "rtx4060-8gb";

  private static final EngineSettings NONE = new EngineSettings(null, null, null, null, null);
  private static final EngineSettings RTX_4060_SGLANG = new EngineSettings(0.75, null, null, 16, 4096);
  private static final EngineSettings RTX_4060_VLLM = new EngineSettings(0.8, 2048, "half", null, null);

  public static EngineSettings of(LlmBackendSpec spec) {
    EngineSettings profile = profileDefaults(spec);
    Double memoryFraction = spec.gpu != null ? spec.gpu.memoryFraction : null;
    return new EngineSettings(
        memoryFraction != null ? memoryFraction : profile.memoryFraction,
        spec.maxModelLen != null ? spec.maxModelLen : profile.maxModelLen,
        spec.dtype != null ? spec.dtype : profile.dtype,
        profile.maxRunningRequests,
        profile.chunkedPrefillSize);
  }

  private static EngineSettings profileDefaults(LlmBackendSpec spec) {
    if (spec.gpu == null || !RTX_4060_8GB.equals(spec.gpu.profile)) {
      return NONE;
    }
    return spec.engine == EngineKind.SGLANG ? RTX_4060_SGLANG : RTX_4060_VLLM;
  }
}
