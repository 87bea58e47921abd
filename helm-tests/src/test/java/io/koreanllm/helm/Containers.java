package io.koreanllm.helm;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the tests read off a rendered workload's container. */
final class Containers {

  private Containers() {
  }

  static PodSpec pod(Chart.Rendered chart, String component) {
    return chart.get(Deployment.class, component).getSpec().getTemplate().getSpec();
  }

  /** The first container of a component's Deployment. */
  static Container of(Chart.Rendered chart, String component) {
    return pod(chart, component).getContainers().get(0);
  }

  /** The container's plain environment values. */
  static Map<String, String> env(Container container) {
    Map<String, String> env = new LinkedHashMap<>();
    container.getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> env.put(e.getName(), e.getValue()));
    return env;
  }

  /** "secret/key" of an environment variable taken from a Secret. */
  static String secretRef(Container container, String name) {
    EnvVar var = container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow();
    return var.getValueFrom().getSecretKeyRef().getName() + "/" + var.getValueFrom().getSecretKeyRef().getKey();
  }
}
