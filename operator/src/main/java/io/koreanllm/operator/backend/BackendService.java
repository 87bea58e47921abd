package io.koreanllm.operator.backend;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.koreanllm.operator.Labels;
import io.koreanllm.operator.api.LlmBackend;

import java.util.Map;

/** The stable address of a backend's pods, which the gateway routes to. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class BackendService extends CRUDKubernetesDependentResource<Service, LlmBackend> {

  public BackendService() {
    super(Service.class);
  }

  /** The URL the policy routes the backend's model to: the external server's, or this Service's. */
  public static String endpoint(LlmBackend backend) {
    String external = backend.getSpec().externalUrl;
    if (external != null) {
      return external.endsWith("/") ? external.substring(0, external.length() - 1) : external;
    }
    return "http://" + backend.getMetadata().getName() + "." + backend.getMetadata().getNamespace() + ".svc:"
        + EngineCommand.PORT;
  }

  /** The metadata of what the operator makes for a backend beside its pods: the backend's name, our labels. */
  static ObjectMeta metadata(LlmBackend backend) {
    return new ObjectMetaBuilder()
        .withName(backend.getMetadata().getName())
        .withNamespace(backend.getMetadata().getNamespace())
        .withLabels(Labels.of(backend, BackendDeployment.COMPONENT))
        .build();
  }

  @Override
  protected Service desired(LlmBackend backend, Context<LlmBackend> context) {
    return new ServiceBuilder()
        .withMetadata(metadata(backend))
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(Map.of(BackendDeployment.BACKEND_LABEL, backend.getMetadata().getName()))
        .addNewPort().withName("http").withPort(EngineCommand.PORT).withNewTargetPort("http").withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }
}
