package io.koreanllm.operator.backend;

import io.koreanllm.operator.api.EngineKind;
import io.koreanllm.operator.api.LlmBackend;
import io.koreanllm.operator.api.Scheduling;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

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

  /**
   * The name the model server knows the model by, which the gateway puts in the requests it forwards: the spec's
   * {@code upstreamModel}, else the clients' name. The operator starts its servers under this name, so the two
   * never disagree.
   */
  public static String upstreamModel(LlmBackend backend) {
    String name = backend.getSpec().upstreamModel;
    return name != null ? name : servedModelName(backend);
  }

  /**
   * The most requests one server runs at once, as its arguments set it (SGLang {@code --max-running-requests}, vLLM
   * {@code --max-num-seqs}; the last one given wins, as with the engines' own parsers). Empty when the engine's
   * default applies, or when the server runs elsewhere ({@code externalUrl}), where these arguments are not its.
   */
  public static OptionalInt runningLimit(LlmBackend backend) {
    if (backend.getSpec().externalUrl != null) {
      return OptionalInt.empty();
    }
    String flag = backend.getSpec().engine == EngineKind.SGLANG ? "--max-running-requests" : "--max-num-seqs";
    List<String> args = of(backend).args();
    OptionalInt limit = OptionalInt.empty();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals(flag) && i + 1 < args.size()) {
        limit = OptionalInt.of(Integer.parseInt(args.get(++i)));
      } else if (arg.startsWith(flag + "=")) {
        limit = OptionalInt.of(Integer.parseInt(arg.substring(flag.length() + 1)));
      }
    }
    return limit;
  }

  private static List<String> sglang(LlmBackend backend, EngineSettings settings) {
    Flags flags = new Flags();
    flags.add("--model-path", backend.getSpec().model);
    flags.add("--served-model-name", upstreamModel(backend));
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
    flags.add("--served-model-name", upstreamModel(backend));
    flags.add("--port", PORT);
    flags.add("--gpu-memory-utilization", settings.memoryFraction());
    flags.add("--max-model-len", settings.maxModelLen());
    flags.add("--dtype", settings.dtype());
    // Without it vLLM refuses the per-request priority the gateway sends for a priority-scheduled model.
    flags.add("--scheduling-policy", backend.getSpec().schedulingPolicy == Scheduling.PRIORITY ? "priority" : null);
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
