package io.koreanllm.policy;

/**
 * The most a model's server is given at once by the gateway (all replicas together): requests running and tokens
 * in flight (prompt + reserved completion). A request beyond it waits in the gateway's fair queue instead of the
 * engine's first-come-first-served one. 0 means no limit of that kind.
 *
 * @param requests requests running at once; the engine's own running limit (SGLang {@code --max-running-requests},
 *                 vLLM {@code --max-num-seqs}), so that the gateway never sends more than the engine runs
 * @param tokens   tokens in flight at once
 */
public record Capacity(int requests, long tokens) {

  /** No capacity: the gateway sends every admitted request at once, as before there was a queue. */
  public static final Capacity NONE = new Capacity(0, 0);

  public Capacity {
    Rules.check("capacity.requests", Rules.nonNegative(requests));
    Rules.check("capacity.tokens", Rules.nonNegative(tokens));
  }

  /** Whether either kind of capacity is limited. */
  public boolean limited() {
    return requests > 0 || tokens > 0;
  }
}
