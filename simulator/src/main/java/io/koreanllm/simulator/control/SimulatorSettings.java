package io.koreanllm.simulator.control;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the simulator behaves. Bound from {@code simulator.*} at startup and, with the same (kebab-case) names, read and
 * replaced as JSON through {@code /sim/settings}.
 *
 * @param models served model name → tokenizer reference (a cached name such as {@code qwen3}, a path or a hub id)
 * @param ttftMs delay before the first streamed token, and before a non-streamed answer
 * @param tokenDelayMs delay between two streamed tokens
 * @param fault the failure to play, {@link Fault#NONE} for none
 * @param faultAfterTokens for {@link Fault#CUT_STREAM}: token chunks sent before the connection is cut
 * @param maxModelLen context length: prompt + max_tokens above it is refused with 400, as vLLM does
 * @param engine the server imitated at {@code /metrics}: {@code vllm} ({@code vllm:*} names) or {@code sglang}
 * @param maxRunningRequests requests generated at once; more wait in a queue, as on a GPU server
 * @param kvCacheTokens the KV cache's size in tokens; running requests fill it with their prompt and answer
 */
@ConfigurationProperties("simulator")
public record SimulatorSettings(
    @JsonProperty("models") Map<String, String> models,
    @JsonProperty("ttft-ms") @DefaultValue("0") long ttftMs,
    @JsonProperty("token-delay-ms") @DefaultValue("0") long tokenDelayMs,
    @JsonProperty("fault") @DefaultValue("none") Fault fault,
    @JsonProperty("fault-after-tokens") @DefaultValue("0") int faultAfterTokens,
    @JsonProperty("max-model-len") @DefaultValue("8192") int maxModelLen,
    @JsonProperty("engine") @DefaultValue("vllm") Engine engine,
    @JsonProperty("max-running-requests") @DefaultValue("256") int maxRunningRequests,
    @JsonProperty("kv-cache-tokens") @DefaultValue("65536") int kvCacheTokens) {

  /** The two seed vocabularies: Qwen (SGLang seed) and Llama 3 (vLLM seed). */
  private static final Map<String, String> DEFAULT_MODELS = defaultModels();

  public SimulatorSettings {
    // A map given in config replaces the defaults instead of merging with them, so defaults live here.
    models = models == null || models.isEmpty() ? DEFAULT_MODELS : Collections.unmodifiableMap(new LinkedHashMap<>(models));
    fault = fault == null ? Fault.NONE : fault;
    engine = engine == null ? Engine.VLLM : engine;
    require(ttftMs >= 0, "ttft-ms must be at least 0");
    require(tokenDelayMs >= 0, "token-delay-ms must be at least 0");
    require(faultAfterTokens >= 0, "fault-after-tokens must be at least 0");
    require(maxModelLen >= 1, "max-model-len must be at least 1");
    require(maxRunningRequests >= 1, "max-running-requests must be at least 1");
    require(kvCacheTokens >= 1, "kv-cache-tokens must be at least 1");
  }

  private static Map<String, String> defaultModels() {
    Map<String, String> models = new LinkedHashMap<>();
    models.put("korean-qwen", "qwen3");
    models.put("korean-llama", "llama3");
    return Collections.unmodifiableMap(models);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
