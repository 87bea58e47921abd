package io.koreanllm.gateway.queue;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * How many requests (and tokens in flight) one model may be sent at once: kept by this process alone, or shared by
 * every replica through Redis so that together they never oversubscribe the GPU. Taking and giving back are
 * idempotent by lease id.
 */
public interface ModelCapacity {

  /**
   * Takes a slot if one is free now.
   *
   * @param lane the class the request waits in (0 highest): a replica does not take a slot a higher class waits for
   *     at another replica
   * @return whether the slot was taken
   */
  Mono<Boolean> take(String leaseId, long tokens, int lane);

  /** Gives a slot back; giving back one not held changes nothing. */
  Mono<Void> give(String leaseId);

  /** Tells the others the highest class waiting here ({@code -1}: none), so they leave it the next free slot. */
  Mono<Void> waiting(int bestLane);

  /** A signal whenever a slot may have been freed elsewhere; empty for a capacity of this process alone. */
  Flux<Object> freedElsewhere();
}
