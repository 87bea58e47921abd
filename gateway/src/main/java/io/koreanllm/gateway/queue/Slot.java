package io.koreanllm.gateway.queue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/** A model's capacity held by one dispatched request: given back once, whatever ends the request. */
public final class Slot {

  /** What a request to a model without a capacity holds: nothing to give back, no wait. */
  public static final Slot NONE = new Slot(null, "", "", 0, 0, Duration.ZERO);

  private final ModelQueue queue;
  private final String leaseId;
  private final String user;
  private final int lane;
  private final long cost;
  private final Duration waited;
  private final AtomicBoolean released = new AtomicBoolean();

  Slot(ModelQueue queue, String leaseId, String user, int lane, long cost, Duration waited) {
    this.queue = queue;
    this.leaseId = leaseId;
    this.user = user;
    this.lane = lane;
    this.cost = cost;
    this.waited = waited;
  }

  /** How long the request waited in line for it. */
  public Duration waited() {
    return waited;
  }

  /** Gives the slot back; {@code usedTokens} corrects the user's fairness counter. Only the first call counts. */
  public void release(long usedTokens) {
    if (queue != null && released.compareAndSet(false, true)) {
      queue.released(this, usedTokens);
    }
  }

  String leaseId() {
    return leaseId;
  }

  String user() {
    return user;
  }

  int lane() {
    return lane;
  }

  long cost() {
    return cost;
  }
}
