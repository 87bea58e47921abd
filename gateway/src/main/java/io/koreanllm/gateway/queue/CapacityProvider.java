package io.koreanllm.gateway.queue;

/** Where a model's capacity is kept: in this process ({@link LocalCapacity}), or shared through Redis. */
public interface CapacityProvider {

  /** @param reserve slots only the highest class may take (a request of a lower class waits though they are free) */
  ModelCapacity capacityOf(String model, int requests, long tokens, int reserve);
}
