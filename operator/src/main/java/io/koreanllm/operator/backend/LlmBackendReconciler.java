package io.koreanllm.operator.backend;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.koreanllm.operator.Labels;
import io.koreanllm.operator.StatusUpdates;
import io.koreanllm.operator.api.Conditions;
import io.koreanllm.operator.api.LlmBackend;
import io.koreanllm.operator.api.LlmBackendStatus;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs a backend as a Deployment, a Service and a NetworkPolicy (the workflow's dependents) and reports how its
 * pods are doing. The pods are watched too, because only they tell why a model server does not come up. The
 * workflow is run from {@link #reconcile}, after the operator's {@link NetworkAccess} is put in the context where
 * the NetworkPolicy finds it (JOSDK makes dependents itself, so they cannot be handed settings).
 */
@Workflow(explicitInvocation = true, dependents = {
    @Dependent(type = BackendDeployment.class, reconcilePrecondition = RunsItsOwnServer.class),
    @Dependent(type = BackendService.class, reconcilePrecondition = RunsItsOwnServer.class),
    @Dependent(type = BackendNetworkPolicy.class, reconcilePrecondition = NetworkPolicyWanted.class)})
@ControllerConfiguration
public class LlmBackendReconciler implements Reconciler<LlmBackend> {

  private final Clock clock;
  private final NetworkAccess access;

  public LlmBackendReconciler(Clock clock, NetworkAccess access) {
    this.clock = clock;
    this.access = access;
  }

  @Override
  public List<EventSource<?, LlmBackend>> prepareEventSources(EventSourceContext<LlmBackend> context) {
    var pods = InformerEventSourceConfiguration.from(Pod.class, LlmBackend.class)
        .withLabelSelector(Labels.MANAGED_SELECTOR + "," + BackendDeployment.BACKEND_LABEL)
        .withSecondaryToPrimaryMapper(pod -> Set.of(new ResourceID(
            pod.getMetadata().getLabels().get(BackendDeployment.BACKEND_LABEL), pod.getMetadata().getNamespace())))
        .build();
    return List.of(new InformerEventSource<>(pods, context));
  }

  @Override
  public UpdateControl<LlmBackend> reconcile(LlmBackend backend, Context<LlmBackend> context) {
    context.managedWorkflowAndDependentResourceContext().put(NetworkAccess.class, access);
    context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
    LlmBackendStatus status = StatusUpdates.copy(backend.getStatus(), LlmBackendStatus.class);
    status.observedGeneration = backend.getMetadata().getGeneration();
    status.endpoint = BackendService.endpoint(backend);
    if (backend.getSpec().externalUrl != null) {
      // Nothing of ours runs: the server's own health is the gateway's to watch.
      status.readyReplicas = null;
      Conditions.set(status, clock, Conditions.READY, true, "External", "served by " + status.endpoint);
      Conditions.set(status, clock, Conditions.PROGRESSING, false, "External", "served by " + status.endpoint);
      Conditions.set(status, clock, Conditions.DEGRADED, false, "External", "served by " + status.endpoint);
      return StatusUpdates.patchIfChanged(backend, status);
    }
    int wanted = backend.getSpec().replicas != null ? backend.getSpec().replicas : 1;
    int ready = context.getSecondaryResource(Deployment.class)
        .map(Deployment::getStatus)
        .map(s -> s.getReadyReplicas() != null ? s.getReadyReplicas() : 0)
        .orElse(0);
    status.readyReplicas = ready;
    Set<Pod> pods = context.getSecondaryResourcesAsStream(Pod.class).collect(Collectors.toSet());
    Optional<PodProblem> problem = PodProblem.first(pods);
    String counts = ready + "/" + wanted + " pods ready";

    if (ready >= wanted) {
      Conditions.set(status, clock, Conditions.READY, true, "Available", counts);
      Conditions.set(status, clock, Conditions.PROGRESSING, false, "Available", counts);
    } else {
      String reason = problem.map(PodProblem::reason).orElse("Starting");
      Conditions.set(status, clock, Conditions.READY, false, reason, counts);
      Conditions.set(status, clock, Conditions.PROGRESSING, problem.isEmpty(), reason,
          problem.isEmpty() ? "waiting for the model server to load: " + counts : counts);
    }
    if (problem.isPresent()) {
      Conditions.set(status, clock, Conditions.DEGRADED, true, problem.get().reason(), problem.get().message());
    } else {
      Conditions.set(status, clock, Conditions.DEGRADED, false, "AsExpected", counts);
    }
    return StatusUpdates.patchIfChanged(backend, status);
  }

  @Override
  public ErrorStatusUpdateControl<LlmBackend> updateErrorStatus(LlmBackend backend, Context<LlmBackend> context,
      Exception e) {
    LlmBackendStatus status = StatusUpdates.copy(backend.getStatus(), LlmBackendStatus.class);
    return StatusUpdates.error(backend, status, clock, e);
  }
}
