package io.koreanllm.policy;

import java.util.Objects;

/**
 * Where a model is served, how its tokens are counted, and how much of it the gateway hands out at once.
 *
 * @param name          what clients put in {@code "model"}
 * @param backend       absolute http(s) base URL of the model server, kept without trailing slash so the
 *                      gateway can append {@code /v1/...}
 * @param engine        the kind of model server
 * @param tokenizer     a reference the tokenizer module resolves: a hub id ({@code Qwen/Qwen2.5-3B-Instruct}),
 *                      a cached tokenizer name ({@code qwen3}) or a path; the policy only checks it is not blank
 * @param contextLength the model's context window in tokens
 * @param upstreamModel the model name the backend server expects (its {@code --served-model-name}); {@code name}
 *                      when not given, so clients' names and the server's need not match
 * @param capacity      the most the gateway sends this model at once; {@link Capacity#NONE} when not given
 * @param scheduling    how the server orders requests; {@link SchedulingPolicy#FCFS} when not given, and
 *                      {@link SchedulingPolicy#PRIORITY} only with {@link Engine#VLLM}
 */
public record ModelRoute(String name, String backend, Engine engine, String tokenizer, int contextLength,
             String upstreamModel, Capacity capacity, SchedulingPolicy scheduling) {

  public ModelRoute {
    Rules.check("name", Rules.modelName(name));
    Rules.check("backend", Rules.backendUrl(backend));
    Objects.requireNonNull(engine, "engine");
    Rules.check("tokenizer", Rules.notBlank(tokenizer));
    Rules.check("contextLength", Rules.positive(contextLength));
    backend = withoutTrailingSlashes(backend);
    upstreamModel = upstreamModel == null ? name : upstreamModel;
    Rules.check("upstreamModel", Rules.modelName(upstreamModel));
    capacity = capacity == null ? Capacity.NONE : capacity;
    scheduling = scheduling == null ? SchedulingPolicy.FCFS : scheduling;
    Rules.check("scheduling", Rules.scheduling(scheduling, engine));
  }

  /** A model the server knows by the same name, without a capacity, scheduled first come first served. */
  public ModelRoute(String name, String backend, Engine engine, String tokenizer, int contextLength) {
    this(name, backend, engine, tokenizer, contextLength, null, null, null);
  }

  private static String withoutTrailingSlashes(String url) {
    int end = url.length();
    while (url.charAt(end - 1) == '/') {
      end--;
    }
    return url.substring(0, end);
  }
}
