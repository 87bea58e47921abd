package io.koreanllm.operator.backend;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.koreanllm.operator.Labels;
import io.koreanllm.operator.api.LlmBackend;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lets only the gateway (and the metrics scraper) reach a backend's pods: any other pod calling the model server
 * directly would bypass every limit. Egress is left alone; the model server downloads its model.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class BackendNetworkPolicy extends CRUDKubernetesDependentResource<NetworkPolicy, LlmBackend> {

  /** The namespace label Kubernetes puts on every namespace (1.21+), to select one by name. */
  static final String NAMESPACE_NAME = "kubernetes.io/metadata.name";

  public BackendNetworkPolicy() {
    super(NetworkPolicy.class);
  }

  /** The operator's settings, which the reconciler puts in the context before it runs the workflow. */
  static NetworkAccess access(Context<LlmBackend> context) {
    return context.managedWorkflowAndDependentResourceContext().getMandatory(NetworkAccess.class, NetworkAccess.class);
  }

  @Override
  protected NetworkPolicy desired(LlmBackend backend, Context<LlmBackend> context) {
    NetworkAccess access = access(context);
    List<NetworkPolicyIngressRule> ingress = new ArrayList<>();
    ingress.add(from(access.gatewayNamespace(), access.gatewayPods()));
    if (access.scraperNamespace() != null) {
      ingress.add(from(access.scraperNamespace(), access.scraperPods()));
    }
    return new NetworkPolicyBuilder()
        .withMetadata(BackendService.metadata(backend))
        .withNewSpec()
        .withNewPodSelector().withMatchLabels(Map.of(BackendDeployment.BACKEND_LABEL, backend.getMetadata().getName()))
        .endPodSelector()
        .withPolicyTypes("Ingress")
        .withIngress(ingress)
        .endSpec()
        .build();
  }

  private static NetworkPolicyIngressRule from(String namespace, Map<String, String> pods) {
    return new NetworkPolicyIngressRuleBuilder()
        .withFrom(new NetworkPolicyPeerBuilder()
            .withNewNamespaceSelector().withMatchLabels(Map.of(NAMESPACE_NAME, namespace)).endNamespaceSelector()
            .withNewPodSelector().withMatchLabels(pods).endPodSelector()
            .build())
        .addNewPort().withProtocol("TCP").withPort(new IntOrString(EngineCommand.PORT)).endPort()
        .build();
  }
}
