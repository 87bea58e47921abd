package io.koreanllm.policy;

import java.util.Objects;

/**
 * Where a model is served and how its tokens are counted.
 *
 * @param name          what clients put in {@code "model"}
 * @param backend       absolute http(s) base URL of the model server, kept without trailing slash so the
 *                      gateway can append {@code /v1/...}
 * @param engine        the kind of model server
 * @param tokenizer     a reference the tokenizer module resolves: a hub id ({@code Qwen/Qwen2.5-3B-Instruct}),
 *                      a cached tokenizer name ({@code qwen3}) or a path; the policy only checks it is not blank
 * @param contextLength the model's context window in tokens
 */
public record ModelRoute(String name, String backend, Engine engine, String tokenizer, int contextLength) {

  public ModelRoute {
    Rules.check("name", Rules.modelName(name));
    Rules.check("backend", Rules.backendUrl(backend));
    Objects.requireNonNull(engine, "engine");
    Rules.check("tokenizer", Rules.notBlank(tokenizer));
    Rules.check("contextLength", Rules.positive(contextLength));
    backend = withoutTrailingSlashes(backend);
  }

  private static String withoutTrailingSlashes(String url) {
    int end = url.length();
    while (url.charAt(end - 1) == '/') {
      end--;
    }
    return url.substring(0, end);
  }
}
