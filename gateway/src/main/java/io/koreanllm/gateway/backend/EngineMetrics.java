package io.koreanllm.gateway.backend;

import io.koreanllm.gateway.backend.PrometheusText.Sample;
import java.util.List;
import java.util.Optional;

/**
 * The load figures the seeds' backend view showed, read from one scrape of a vLLM ({@code vllm:*}) or SGLang
 * ({@code sglang:*}) server: requests running and waiting, KV-cache use, and cumulative counters from which rates
 * are taken between two scrapes.
 *
 * @param kvCacheUsage fraction of the KV cache in use, 0 to 1
 * @param generationTokens cumulative generated tokens
 * @param ttftSeconds cumulative seconds of time to first token, over {@code ttftCount} requests
 */
record EngineMetrics(double running, double waiting, double kvCacheUsage, double generationTokens,
    double ttftSeconds, double ttftCount) {

  /**
   * Sums the series of the served model when the server labels its series with {@code model_name} and one of them
   * is {@code servedModel}, else every series (a server usually serves one model). Empty when the text has neither
   * engine's metrics.
   */
  static Optional<EngineMetrics> read(List<Sample> samples, String servedModel) {
    boolean served = samples.stream().anyMatch(sample -> servedModel.equals(sample.labels().get("model_name")));
    List<Sample> mine = samples.stream()
        .filter(sample -> !served || servedModel.equals(sample.labels().get("model_name")))
        .toList();
    boolean vllm = mine.stream().anyMatch(sample -> sample.name().startsWith("vllm:"));
    boolean sglang = mine.stream().anyMatch(sample -> sample.name().startsWith("sglang:"));
    if (!vllm && !sglang) {
      return Optional.empty();
    }
    String p = vllm ? "vllm:" : "sglang:";
    return Optional.of(new EngineMetrics(
        sum(mine, vllm ? "vllm:num_requests_running" : "sglang:num_running_reqs"),
        sum(mine, vllm ? "vllm:num_requests_waiting" : "sglang:num_queue_reqs"),
        // vLLM's V1 engine renamed gpu_cache_usage_perc to kv_cache_usage_perc; either may be served.
        vllm ? Math.max(max(mine, "vllm:kv_cache_usage_perc"), max(mine, "vllm:gpu_cache_usage_perc"))
            : max(mine, "sglang:token_usage"),
        sum(mine, p + "generation_tokens_total"),
        sum(mine, p + "time_to_first_token_seconds_sum"),
        sum(mine, p + "time_to_first_token_seconds_count")));
  }

  private static double max(List<Sample> samples, String name) {
    return samples.stream().filter(sample -> sample.name().equals(name)).mapToDouble(Sample::value).max().orElse(0);
  }

  private static double sum(List<Sample> samples, String name) {
    return samples.stream().filter(sample -> sample.name().equals(name)).mapToDouble(Sample::value).sum();
  }
}
