package io.koreanllm.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.Map;
import java.util.TreeMap;

/** The labels on everything the operator creates; its informers watch only objects carrying them. */
public final class Labels {

  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String OPERATOR = "korean-llm-operator";
  /** Selects what this operator manages, for the dependents' informers. */
  public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + OPERATOR;

  private Labels() {
  }

  /** The standard labels of an object made for {@code owner}, a resource of some component. */
  public static Map<String, String> of(HasMetadata owner, String component) {
    Map<String, String> labels = new TreeMap<>();
    labels.put("app.kubernetes.io/name", component);
    labels.put("app.kubernetes.io/instance", owner.getMetadata().getName());
    labels.put(MANAGED_BY, OPERATOR);
    return labels;
  }
}
