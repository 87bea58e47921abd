package io.koreanllm.operator.backend;

import io.koreanllm.operator.api.EngineKind;
import io.koreanllm.operator.api.LlmBackend;

import java.util.ArrayList;
import java.util.List;

/**
 * The model server's container command and arguments, with the engines' real flags: SGLang's
 * {@code sglang.launch_server} and vLLM's {@code vllm serve}. The spec's {@code extraArgs} come last, so
 * they can add any flag the operator does not know.
 *
 * @param command the executable (container {@code command})
 * @param args    its arguments (container {@code args})
 */
public record EngineCommand(List<String> command, List<String> args) {

  /** The port both engines listen on in the pod. */
  public static final int PORT = 8000;

  public static EngineCommand of(LlmBackend backend) {
    EngineSettings settings = EngineSettings.of(backend.getSpec());
    List<String> args = backend.getSpec().engine == EngineKind.SGLANG
        ? sglang(backend, settings)
        : vllm(backend, settings);
    if (backend.getSpec().extraArgs != null) {
      args.addAll(backend.getSpec().extraArgs);
    }
    List<String> command = backend.getSpec().engine == EngineKind.SGLANG
        ? List.of("python3", "-m", "sglang.launch_server")
        : List.of("vllm", "serve");
    return new EngineCommand(command, List.copyOf(args));
  }

  /** What clients put in "model": the served name, else the resource name. */
  public static String servedModelName(LlmBackend backend) {
    String name = backend.getSpec().servedModelName;
    return name != null ? name : backend.getMetadata().getName();
  }

  private static List<String> sglang(LlmBackend backend, EngineSettings settings) {
    Flags flags = new Flags();
    flags.add("--model-path", backend.getSpec().model);
    flags.add("--served-model-name", servedModelName(backend));
    flags.add("--host", "0.0.0.0");
    flags.add("--port", PORT);
    flags.add("--mem-fraction-static", settings.memoryFraction());
    flags.add("--context-length", settings.maxModelLen());
    flags.add("--dtype", settings.dtype());
    flags.add("--max-running-requests", settings.maxRunningRequests());
    flags.add("--chunked-prefill-size", settings.chunkedPrefillSize());
    // Prometheus /metrics (vLLM serves it always): the gateway's backend gauges and the dashboards read it.
    flags.args.add("--enable-metrics");
    return flags.args;
  }

  private static List<String> vllm(LlmBackend backend, EngineSettings settings) {
    Flags flags = new Flags();
    flags.args.add(backend.getSpec().model);
    flags.add("--served-model-name", servedModelName(backend));
    flags.add("--port", PORT);
    flags.add("--gpu-memory-utilization", settings.memoryFraction());
    flags.add("--max-model-len", settings.maxModelLen());
    flags.add("--dtype", settings.dtype());
    return flags.args;
  }

  /** Collects {@code --flag value} pairs, leaving out a flag whose value is not set. */
  private static final class Flags {
    private final List<String> args = new ArrayList<>();

    void add(String flag, Object value) {
      if (value != null) {
        args.add(flag);
        args.add(String.valueOf(value));
      }
    }
  }
}
