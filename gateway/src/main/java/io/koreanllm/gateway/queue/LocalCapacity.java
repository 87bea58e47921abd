package io.koreanllm.gateway.queue;

import java.util.HashMap;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** One process's capacity for a model: the slots it has handed out, counted in memory. */
final class LocalCapacity implements ModelCapacity {

  private final int requests;
  private final long tokens;
  private final int reserve;
  private final Map<String, Long> held = new HashMap<>();
  private long tokensHeld;

  /**
   * @param requests running requests at most
   * @param tokens tokens in flight at most, 0 for no such limit
   * @param reserve slots only the highest class may take
   */
  LocalCapacity(int requests, long tokens, int reserve) {
    this.requests = requests;
    this.tokens = tokens;
    this.reserve = reserve;
  }

  @Override
  public synchronized Mono<Boolean> take(String leaseId, long cost, int lane) {
    if (held.containsKey(leaseId)) {
      return Mono.just(true);
    }
    // One request alone may exceed the tokens limit: it runs when nothing else does.
    int open = lane == 0 ? requests : requests - reserve;
    boolean free = held.size() < open && (tokens == 0 || held.isEmpty() || tokensHeld + cost <= tokens);
    if (free) {
      held.put(leaseId, cost);
      tokensHeld += cost;
    }
    return Mono.just(free);
  }

  @Override
  public synchronized Mono<Void> give(String leaseId) {
    Long cost = held.remove(leaseId);
    if (cost != null) {
      tokensHeld -= cost;
    }
    return Mono.empty();
  }

  @Override
  public Mono<Void> waiting(int bestLane) {
    return Mono.empty();
  }

  @Override
  public Flux<Object> freedElsewhere() {
    return Flux.empty();
  }
}
