package io.koreanllm.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

public class GpuSpec {

  @Min(0)
  @JsonPropertyDescription("nvidia.com/gpu per pod; 1 when not given, 0 runs without a GPU.")
  public Integer count;

  @Min(value = 0, inclusive = false)
  @Max(1)
  @JsonPropertyDescription("Share of GPU memory the server takes, in (0, 1] (SGLang --mem-fraction-static, vLLM "
      + "--gpu-memory-utilization); the profile's, else the engine's default, when not given.")
  public Double memoryFraction;

  @Pattern("^rtx4060-8gb$")
  @JsonPropertyDescription("Defaults tuned for a GPU: rtx4060-8gb (memory fraction 0.75 SGLang / 0.8 vLLM, vLLM "
      + "max-model-len 2048 and dtype half, SGLang 16 running requests and chunked prefill 4096).")
  public String profile;
}
