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
 * <p>Time follows a batched GPU engine: a request waits for a running slot, its prompt is prefilled in
 * {@code ttftMs + prefillMsPerToken × prompt tokens}, then each further token takes one decode step of
 * {@code tokenDelayMs + decodeMsPerSequence × sequences running}. With the per-token and per-sequence parts at 0 (the
 * defaults) this is a fixed time to first token and a fixed delay between tokens.
 *
 * @param models served model name → tokenizer reference (a cached name such as {@code qwen3}, a path or a hub id)
 * @param ttftMs the fixed part of the prefill: the time to first token of a one-token prompt on an idle engine
 * @param tokenDelayMs the fixed part of one decode step: the time between two tokens
 * @param fault the failure to play, {@link Fault#NONE} for none
 * @param faultAfterTokens for {@link Fault#CUT_STREAM}: token chunks sent before the connection is cut
 * @param maxModelLen context length: prompt + max_tokens above it is refused with 400, as vLLM does
 * @param engine the server imitated at {@code /metrics}: {@code vllm} ({@code vllm:*} names) or {@code sglang}
 * @param maxRunningRequests sequences generated at once; more wait in the scheduler's queue, as on a GPU server
 * @param kvCacheTokens the KV cache's size in tokens; running requests fill it with their prompt and answer
 * @param prefillMsPerToken prefill time per prompt token, added to {@code ttftMs}
 * @param decodeMsPerSequence decode step time per sequence running, added to {@code tokenDelayMs}: a fuller batch
 *     decodes each of its sequences more slowly
 * @param schedulingPolicy the order in which waiting requests start, as vLLM's {@code --scheduling-policy}
 * @param chatTemplates served model name → the chat template the simulator renders that model's chats with instead of
 *     its tokenizer's: the template's text (anything holding <code>{%</code> or <code>{{</code>), or a path to a
 *     template file or to a {@code tokenizer_config.json}. For counting-parity tests: the gateway does not know
 * @param defaultSystemPrompts served model name → a system message put first in every chat that starts without one,
 *     as Qwen2.5's template does; for counting-parity tests too
 * @param embeddingDimensions the length of the vectors {@code /v1/embeddings} returns; {@code dimensions} may ask for
 *     fewer (the simulated model is a Matryoshka one)
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
    @JsonProperty("kv-cache-tokens") @DefaultValue("65536") int kvCacheTokens,
    @JsonProperty("prefill-ms-per-token") @DefaultValue("0") double prefillMsPerToken,
    @JsonProperty("decode-ms-per-sequence") @DefaultValue("0") double decodeMsPerSequence,
    @JsonProperty("scheduling-policy") @DefaultValue("fcfs") SchedulingPolicy schedulingPolicy,
    @JsonProperty("chat-templates") Map<String, String> chatTemplates,
    @JsonProperty("default-system-prompts") Map<String, String> defaultSystemPrompts,
    @JsonProperty("embedding-dimensions") @DefaultValue("1024") int embeddingDimensions) {

  /** The two seed vocabularies: Qwen (SGLang seed) and Llama 3 (vLLM seed). */
  private static final Map<String, String> DEFAULT_MODELS = defaultModels();

  public SimulatorSettings {
    // A map given in config replaces the defaults instead of merging with them, so defaults live here.
    models = models == null || models.isEmpty() ? DEFAULT_MODELS : copy(models);
    chatTemplates = chatTemplates == null ? Map.of() : copy(chatTemplates);
    defaultSystemPrompts = defaultSystemPrompts == null ? Map.of() : copy(defaultSystemPrompts);
    fault = fault == null ? Fault.NONE : fault;
    engine = engine == null ? Engine.VLLM : engine;
    schedulingPolicy = schedulingPolicy == null ? SchedulingPolicy.FCFS : schedulingPolicy;
    require(ttftMs >= 0, "ttft-ms must be at least 0");
    require(tokenDelayMs >= 0, "token-delay-ms must be at least 0");
    require(faultAfterTokens >= 0, "fault-after-tokens must be at least 0");
    require(maxModelLen >= 1, "max-model-len must be at least 1");
    require(maxRunningRequests >= 1, "max-running-requests must be at least 1");
    require(kvCacheTokens >= 1, "kv-cache-tokens must be at least 1");
    require(prefillMsPerToken >= 0 && Double.isFinite(prefillMsPerToken), "prefill-ms-per-token must be at least 0");
    require(decodeMsPerSequence >= 0 && Double.isFinite(decodeMsPerSequence),
        "decode-ms-per-sequence must be at least 0");
    require(embeddingDimensions >= 1, "embedding-dimensions must be at least 1");
    requireServed(models, chatTemplates, "chat-templates");
    requireServed(models, defaultSystemPrompts, "default-system-prompts");
  }

  private static Map<String, String> defaultModels() {
    Map<String, String> models = new LinkedHashMap<>();
    models.put("korean-qwen", "qwen3");
    models.put("korean-llama", "llama3");
    return Collections.unmodifiableMap(models);
  }

  private static Map<String, String> copy(Map<String, String> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  private static void requireServed(Map<String, String> models, Map<String, String> perModel, String name) {
    perModel.keySet().stream().filter(model -> !models.containsKey(model)).findFirst().ifPresent(model -> {
      throw new IllegalArgumentException(name + " names '" + model + "', which is not a served model "
          + models.keySet());
    });
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
