package io.koreanllm.operator.api;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Sets conditions the way Kubernetes tools expect: one per type, sorted by type, and
 * {@code lastTransitionTime} changed only when the status flips, so that an unchanged state gives an
 * unchanged status and the reconciler writes nothing.
 */
public final class Conditions {

  public static final String READY = "Ready";
  public static final String PROGRESSING = "Progressing";
  public static final String DEGRADED = "Degraded";

  private Conditions() {
  }

  /** Puts a condition of this type into {@code status}, replacing the one there. */
  public static void set(ResourceStatus status, Clock clock, String type, boolean value, String reason,
      String message) {
    String statusValue = value ? "True" : "False";
    Optional<Condition> previous = find(status, type);
    String since = previous.filter(c -> statusValue.equals(c.getStatus()))
        .map(Condition::getLastTransitionTime)
        .orElseGet(() -> Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
    Condition condition = new ConditionBuilder()
        .withType(type)
        .withStatus(statusValue)
        .withReason(reason)
        .withMessage(message)
        .withLastTransitionTime(since)
        .withObservedGeneration(status.observedGeneration)
        .build();
    List<Condition> others = status.conditions.stream().filter(c -> !type.equals(c.getType())).toList();
    status.conditions = new ArrayList<>(others);
    status.conditions.add(condition);
    status.conditions.sort(Comparator.comparing(Condition::getType));
  }

  public static Optional<Condition> find(ResourceStatus status, String type) {
    return status.conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }
}
