package io.koreanllm.operator.backend;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Why a backend's pod cannot serve, in the pod's own words: a container waiting for a reason that will not
 * pass by itself (CrashLoopBackOff, an image that cannot be pulled, …) or a pod no node can take.
 *
 * @param reason  the kubelet's or scheduler's reason, copied into the backend's Degraded condition
 * @param message what happened, with the pod's name
 */
public record PodProblem(String reason, String message) {

  public static final String UNSCHEDULABLE = "Unschedulable";

  /** Waiting reasons that mean the container will not start without a change. */
  private static final Set<String> STUCK = Set.of("CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull",
      "InvalidImageName", "CreateContainerConfigError", "CreateContainerError");

  /** The first problem among the pods, in name order so the status does not flap between pods. */
  public static Optional<PodProblem> first(Collection<Pod> pods) {
    return pods.stream()
        .sorted(Comparator.comparing(pod -> pod.getMetadata().getName()))
        .map(PodProblem::of)
        .flatMap(Optional::stream)
        .findFirst();
  }

  static Optional<PodProblem> of(Pod pod) {
    if (pod.getStatus() == null) {
      return Optional.empty();
    }
    String name = pod.getMetadata().getName();
    List<PodCondition> conditions = Optional.ofNullable(pod.getStatus().getConditions()).orElse(List.of());
    for (PodCondition condition : conditions) {
      if ("PodScheduled".equals(condition.getType()) && "False".equals(condition.getStatus())
          && UNSCHEDULABLE.equals(condition.getReason())) {
        String detail = Optional.ofNullable(condition.getMessage()).orElse("");
        String summary = detail.contains(BackendDeployment.GPU_RESOURCE)
            ? "no node with a free " + BackendDeployment.GPU_RESOURCE
            : "no node can run it";
        return Optional.of(new PodProblem(UNSCHEDULABLE, "pod " + name + ": " + summary + " (" + detail + ")"));
      }
    }
    List<ContainerStatus> containers = Optional.ofNullable(pod.getStatus().getContainerStatuses()).orElse(List.of());
    for (ContainerStatus container : containers) {
      if (container.getState() != null && container.getState().getWaiting() != null
          && STUCK.contains(container.getState().getWaiting().getReason())) {
        String reason = container.getState().getWaiting().getReason();
        String detail = Optional.ofNullable(container.getState().getWaiting().getMessage()).orElse(reason);
        return Optional.of(new PodProblem(reason, "pod " + name + ", container " + container.getName() + ": "
            + detail));
      }
    }
    return Optional.empty();
  }
}
