package io.koreanllm.simulator.engine;

import io.koreanllm.simulator.control.Engine;
import io.koreanllm.simulator.control.SettingsStore;
import io.koreanllm.simulator.control.SimulatorSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The engine's Prometheus endpoints: {@code GET /metrics} under the names of the engine imitated (vLLM's
 * {@code vllm:*} or SGLang's {@code sglang:*}, one series per served model, {@code model_name}), and
 * {@code GET /dcgm/metrics} as NVIDIA's DCGM exporter would report the GPU under that load.
 */
@Configuration(proxyBeanMethods = false)
class MetricsRoutes {

  private static final MediaType PROMETHEUS_TEXT = MediaType.parseMediaType("text/plain;version=0.0.4;charset=utf-8");

  @Bean
  RouterFunction<ServerResponse> metricsRouter(EngineLoad load, SettingsStore settings) {
    return RouterFunctions.route()
        .GET("/metrics", request -> ServerResponse.ok().contentType(PROMETHEUS_TEXT)
            .bodyValue(render(load, settings.current())))
        .GET(GpuMetrics.PATH, request -> ServerResponse.ok().contentType(PROMETHEUS_TEXT)
            .bodyValue(GpuMetrics.under(load, settings.current()).render()))
        .build();
  }

  static String render(EngineLoad load, SimulatorSettings settings) {
    Names names = settings.engine() == Engine.SGLANG ? Names.SGLANG : Names.VLLM;
    double kvUsage = load.kvCacheUsage(settings.kvCacheTokens());
    List<ModelLoad> models = new ArrayList<>();
    load.models().forEach(models::add);
    PrometheusText out = new PrometheusText();
    family(out, names.running(), "gauge", "Requests running.", models, load::running);
    family(out, names.waiting(), "gauge", "Requests waiting to run.", models, load::waiting);
    family(out, names.kvCache(), "gauge", "KV-cache usage; 1 means 100 percent.", models, model -> kvUsage);
    family(out, names.promptTokens(), "counter", "Prompt tokens processed.", models, ModelLoad::promptTokens);
    family(out, names.generationTokens(), "counter", "Generation tokens processed.", models,
        ModelLoad::generationTokens);
    family(out, names.finished(), "counter", "Requests finished.", models, ModelLoad::finishedRequests);
    out.family(names.ttft(), "histogram", "Time to first token in seconds.");
    for (ModelLoad model : models) {
      String labels = labels(model);
      long count = model.ttftCount();
      for (int i = 0; i < ModelLoad.TTFT_BUCKETS.length; i++) {
        out.sample(names.ttft() + "_bucket", "le=\"" + ModelLoad.TTFT_BUCKETS[i] + "\"," + labels,
            model.ttftBucket(i));
      }
      out.sample(names.ttft() + "_bucket", "le=\"+Inf\"," + labels, count);
      out.sample(names.ttft() + "_sum", labels, model.ttftSeconds());
      out.sample(names.ttft() + "_count", labels, count);
    }
    return out.toString();
  }

  private static void family(PrometheusText out, String name, String type, String help, List<ModelLoad> models,
      ToDoubleFunction<ModelLoad> value) {
    out.family(name, type, help);
    for (ModelLoad model : models) {
      out.sample(name, labels(model), value.applyAsDouble(model));
    }
  }

  private static String labels(ModelLoad model) {
    return PrometheusText.label("model_name", model.name());
  }

  /** The metric names of one engine; both keep the same meanings. */
  private record Names(String running, String waiting, String kvCache, String promptTokens, String generationTokens,
      String finished, String ttft) {

    static final Names VLLM = new Names("vllm:num_requests_running", "vllm:num_requests_waiting",
        "vllm:kv_cache_usage_perc", "vllm:prompt_tokens_total", "vllm:generation_tokens_total",
        "vllm:request_success_total", "vllm:time_to_first_token_seconds");
    static final Names SGLANG = new Names("sglang:num_running_reqs", "sglang:num_queue_reqs", "sglang:token_usage",
        "sglang:prompt_tokens_total", "sglang:generation_tokens_total", "sglang:num_requests_total",
        "sglang:time_to_first_token_seconds");
  }
}
