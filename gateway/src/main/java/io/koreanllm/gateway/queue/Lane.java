package io.koreanllm.gateway.queue;

import io.koreanllm.policy.PriorityClass;

/** The classes of the line, highest first: each priority class of the policy is one. */
enum Lane {
  INTERACTIVE(PriorityClass.INTERACTIVE),
  BATCH(PriorityClass.BATCH);

  private final PriorityClass priority;

  Lane(PriorityClass priority) {
    this.priority = priority;
  }

  static Lane of(PriorityClass priority) {
    for (Lane lane : values()) {
      if (lane.priority == priority) {
        return lane;
      }
    }
    throw new IllegalArgumentException("no lane for " + priority);
  }

  String id() {
    return priority.id();
  }
}
