package io.koreanllm.operator.backend;

import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.koreanllm.operator.MockCluster;
import io.koreanllm.operator.Resources;
import io.koreanllm.operator.api.Conditions;
import io.koreanllm.operator.api.EngineKind;
import io.koreanllm.operator.api.GpuSpec;
import io.koreanllm.operator.api.LlmBackend;
import io.koreanllm.operator.api.SecretKeyRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

class LlmBackendReconcilerTest {

  private static final String MODEL = "Qwen/Qwen2.5-3B-Instruct";
  private static MockCluster cluster;
  private static KubernetesClient client;

  @BeforeAll
  static void startOperator() {
    cluster = new MockCluster();
    client = cluster.client();
    cluster.startOperator(Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void anExternalServerRunsNothingAndIsRoutedToAsIs() {
    LlmBackend applied = Resources.backend("gpu-box", EngineKind.VLLM, MODEL, null);
    applied.getSpec().externalUrl = "http://gpu-box.lan:8000/";
    client.resource(applied).create();

    LlmBackend ready = awaitCondition("gpu-box", Conditions.READY, "True", "External");
    assertThat(ready.getStatus().endpoint).isEqualTo("http://gpu-box.lan:8000");
    assertThat(deployment("gpu-box")).isNull();
    assertThat(client.services().inNamespace(MockCluster.NAMESPACE).withName("gpu-box").get()).isNull();
    assertThat(networkPolicy("gpu-box")).isNull();
    client.resource(ready).delete();
  }

  @Test
  void createUpdateAndDelete() {
    LlmBackend applied = Resources.backend("qwen", EngineKind.SGLANG, MODEL, "rtx4060-8gb");
    applied.getSpec().hfTokenSecretRef = new SecretKeyRef("hf", null);
    LlmBackend created = client.resource(applied).create();

    Deployment deployment = await().until(() -> deployment("qwen"), d -> d != null);
    Service service = await().until(() -> client.services().inNamespace(MockCluster.NAMESPACE).withName("qwen").get(),
        s -> s != null);
    assertOwnedBy(deployment, created);
    assertOwnedBy(service, created);
    Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo(BackendDeployment.SGLANG_IMAGE)
        .matches("lmsysorg/sglang:v[0-9.]+.*").doesNotEndWith(":latest");
    assertThat(container.getArgs()).containsSequence("--mem-fraction-static", "0.75").contains("--enable-metrics");
    // One pod on one GPU: a rolling update would wait for a second GPU for ever, so the old pod goes first.
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    assertThat(deployment.getSpec().getStrategy().getRollingUpdate()).isNull();
    assertThat(container.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
    assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/health");
    assertThat(container.getStartupProbe().getPeriodSeconds() * container.getStartupProbe().getFailureThreshold())
        .as("seconds a first start may take to download the model").isGreaterThanOrEqualTo(30 * 60);
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health");
    assertThat(container.getEnv()).extracting(e -> e.getName()).contains("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN");
    assertThat(deployment.getSpec().getSelector().getMatchLabels()).containsEntry("koreanllm.io/backend", "qwen");
    assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(8000);

    LlmBackend progressing = awaitCondition("qwen", Conditions.PROGRESSING, "True", "Starting");
    assertThat(progressing.getStatus().observedGeneration).isEqualTo(1L);
    assertThat(progressing.getStatus().endpoint).isEqualTo("http://qwen.llm.svc:8000");
    assertThat(condition(progressing, Conditions.READY).getStatus()).isEqualTo("False");

    client.apps().deployments().inNamespace(MockCluster.NAMESPACE).withName("qwen").editStatus(d -> {
      d.setStatus(new DeploymentStatusBuilder().withReplicas(1).withReadyReplicas(1).build());
      return d;
    });
    LlmBackend ready = awaitCondition("qwen", Conditions.READY, "True", "Available");
    assertThat(ready.getStatus().readyReplicas).isEqualTo(1);
    assertThat(condition(ready, Conditions.DEGRADED).getStatus()).isEqualTo("False");

    // Nothing changed: a reconcile (the operator restarting, here) writes nothing.
    cluster.takeWrites();
    cluster.startOperator(Clock.systemUTC());
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
        .until(() -> cluster.takeWrites().stream().noneMatch(w -> w.contains("/namespaces/llm/")));

    client.resources(LlmBackend.class).inNamespace(MockCluster.NAMESPACE).withName("qwen").edit(b -> {
      b.getSpec().replicas = 2;
      b.getSpec().gpu.memoryFraction = 0.6;
      return b;
    });
    Deployment updated = await().until(() -> deployment("qwen"), d -> d.getSpec().getReplicas() == 2);
    assertThat(updated.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .containsSequence("--mem-fraction-static", "0.6");
    // Two pods: replaced one at a time, never asking for a GPU more than they hold.
    assertThat(updated.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(updated.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal()).isZero();
    assertThat(updated.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isEqualTo(1);
    LlmBackend scaling = awaitCondition("qwen", Conditions.READY, "False", "Starting");
    assertThat(scaling.getStatus().observedGeneration).isEqualTo(2L);
    assertThat(condition(scaling, Conditions.READY).getObservedGeneration()).isEqualTo(2L);
    // (The mock drops a Deployment's status on update, as a real API server would not: hence not "1/2".)
    assertThat(condition(scaling, Conditions.READY).getMessage()).endsWith("/2 pods ready");

    client.resource(created).delete();
    await().until(() -> client.resources(LlmBackend.class).inNamespace(MockCluster.NAMESPACE).withName("qwen").get()
        == null);
    // The mock has no garbage collector; the owner reference is what makes Kubernetes delete them.
    assertOwnedBy(deployment("qwen"), created);
    assertOwnedBy(networkPolicy("qwen"), created);
  }

  @Test
  void onlyTheGatewayAndPrometheusMayReachTheModelServer() {
    LlmBackend created = client.resource(Resources.backend("guarded", EngineKind.VLLM, MODEL, "rtx4060-8gb")).create();

    NetworkPolicy policy = await().until(() -> networkPolicy("guarded"), p -> p != null);
    assertOwnedBy(policy, created);
    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .isEqualTo(deployment("guarded").getSpec().getSelector().getMatchLabels());
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    assertThat(policy.getSpec().getIngress()).hasSize(2);
    NetworkPolicyIngressRule gateway = policy.getSpec().getIngress().get(0);
    assertThat(gateway.getFrom()).singleElement().satisfies(peer -> {
      assertThat(peer.getNamespaceSelector().getMatchLabels())
          .containsExactly(Map.entry("kubernetes.io/metadata.name", MockCluster.POLICY_NAMESPACE));
      assertThat(peer.getPodSelector().getMatchLabels()).isEqualTo(NetworkAccess.CHART_GATEWAY_PODS);
    });
    assertThat(gateway.getPorts()).singleElement()
        .satisfies(port -> assertThat(port.getPort().getIntVal()).isEqualTo(8000));
    NetworkPolicyIngressRule prometheus = policy.getSpec().getIngress().get(1);
    assertThat(prometheus.getFrom()).singleElement().satisfies(peer -> {
      assertThat(peer.getNamespaceSelector().getMatchLabels())
          .containsExactly(Map.entry("kubernetes.io/metadata.name", "monitoring"));
      assertThat(peer.getPodSelector().getMatchLabels()).containsExactly(Map.entry("app.kubernetes.io/name", "prometheus"));
    });

    // Someone opens it up by hand: the operator closes it again.
    client.network().v1().networkPolicies().inNamespace(MockCluster.NAMESPACE).withName("guarded")
        .edit(p -> {
          p.getSpec().setIngress(List.of(new NetworkPolicyIngressRule()));
          return p;
        });
    await().atMost(Duration.ofSeconds(15)).until(() -> networkPolicy("guarded").getSpec().getIngress().size() == 2);
  }

  @Test
  void thePodGetsTheSpecsEnvironmentRuntimeClassPullSecretsAndAffinity() {
    LlmBackend applied = Resources.backend("tuned", EngineKind.VLLM, MODEL, null);
    applied.getSpec().image = "registry.example.com/vllm/vllm-openai:v0.11.0";
    applied.getSpec().env = List.of(new EnvVar("PYTORCH_CUDA_ALLOC_CONF", "expandable_segments:True", null),
        new EnvVar("HF_HOME", "/models/hf", null));
    applied.getSpec().runtimeClassName = "nvidia";
    applied.getSpec().imagePullSecrets = List.of(new LocalObjectReference("mirror-cred"));
    applied.getSpec().affinity = new AffinityBuilder().withNewNodeAffinity()
        .withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm().addNewMatchExpression()
        .withKey("nvidia.com/gpu.product").withOperator("In").withValues("NVIDIA-GeForce-RTX-4060").endMatchExpression()
        .endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().build();
    client.resource(applied).create();

    PodSpec pod = await().until(() -> deployment("tuned"), d -> d != null).getSpec().getTemplate().getSpec();
    assertThat(pod.getRuntimeClassName()).isEqualTo("nvidia");
    assertThat(pod.getImagePullSecrets()).extracting(LocalObjectReference::getName).containsExactly("mirror-cred");
    assertThat(pod.getAffinity()).isEqualTo(applied.getSpec().affinity);
    Container container = pod.getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("registry.example.com/vllm/vllm-openai:v0.11.0");
    // The spec's HF_HOME replaces the operator's; nothing is there twice.
    assertThat(container.getEnv()).extracting(EnvVar::getName, EnvVar::getValue).containsExactly(
        tuple("PYTORCH_CUDA_ALLOC_CONF", "expandable_segments:True"), tuple("HF_HOME", "/models/hf"));
  }

  @Test
  void aBackendWithoutGpusRollsOutAsUsual() {
    LlmBackend applied = Resources.backend("cpu-only", EngineKind.VLLM, MODEL, null);
    applied.getSpec().gpu = new GpuSpec();
    applied.getSpec().gpu.count = 0;
    client.resource(applied).create();

    Deployment deployment = await().until(() -> deployment("cpu-only"), d -> d != null);
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits())
        .doesNotContainKey("nvidia.com/gpu");
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(BackendDeployment.VLLM_IMAGE).matches("vllm/vllm-openai:v[0-9.]+");
  }

  @Test
  void podsInCrashLoopTurnTheBackendDegraded() {
    client.resource(Resources.backend("crashing", EngineKind.VLLM, MODEL, null)).create();
    await().until(() -> deployment("crashing"), d -> d != null);

    createPod("crashing", new PodStatusBuilder().addNewContainerStatus().withName("vllm").withNewState()
        .withNewWaiting().withReason("CrashLoopBackOff").withMessage("back-off 5m0s restarting failed container")
        .endWaiting().endState().endContainerStatus().build());

    LlmBackend degraded = awaitCondition("crashing", Conditions.DEGRADED, "True", "CrashLoopBackOff");
    assertThat(condition(degraded, Conditions.DEGRADED).getMessage())
        .contains("crashing-pod", "back-off 5m0s restarting failed container");
    assertThat(condition(degraded, Conditions.READY).getReason()).isEqualTo("CrashLoopBackOff");
    assertThat(condition(degraded, Conditions.PROGRESSING).getStatus()).isEqualTo("False");
  }

  @Test
  void podsNoNodeCanTakeForLackOfAGpuTurnTheBackendDegraded() {
    client.resource(Resources.backend("no-gpu", EngineKind.SGLANG, MODEL, "rtx4060-8gb")).create();
    await().until(() -> deployment("no-gpu"), d -> d != null);

    createPod("no-gpu", new PodStatusBuilder().withPhase("Pending").addNewCondition().withType("PodScheduled")
        .withStatus("False").withReason("Unschedulable")
        .withMessage("0/3 nodes are available: 3 Insufficient nvidia.com/gpu.").endCondition().build());

    LlmBackend degraded = awaitCondition("no-gpu", Conditions.DEGRADED, "True", "Unschedulable");
    assertThat(condition(degraded, Conditions.DEGRADED).getMessage())
        .contains("no node with a free nvidia.com/gpu", "3 Insufficient nvidia.com/gpu");
  }

  private static void createPod(String backend, PodStatus status) {
    Deployment deployment = deployment(backend);
    Pod pod = client.pods().resource(new PodBuilder()
        .withNewMetadata().withName(backend + "-pod").withNamespace(MockCluster.NAMESPACE)
        .withLabels(deployment.getSpec().getTemplate().getMetadata().getLabels()).endMetadata()
        .withSpec(deployment.getSpec().getTemplate().getSpec())
        .build()).create();
    client.pods().resource(pod).editStatus(p -> {
      p.setStatus(status);
      return p;
    });
  }

  private static NetworkPolicy networkPolicy(String name) {
    return client.network().v1().networkPolicies().inNamespace(MockCluster.NAMESPACE).withName(name).get();
  }

  private static Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(MockCluster.NAMESPACE).withName(name).get();
  }

  private static LlmBackend awaitCondition(String name, String type, String status, String reason) {
    return await().atMost(Duration.ofSeconds(15)).until(
        () -> client.resources(LlmBackend.class).inNamespace(MockCluster.NAMESPACE).withName(name).get(),
        b -> b.getStatus() != null && Conditions.find(b.getStatus(), type)
            .filter(c -> status.equals(c.getStatus()) && reason.equals(c.getReason())).isPresent());
  }

  private static Condition condition(LlmBackend backend, String type) {
    return Conditions.find(backend.getStatus(), type).orElseThrow();
  }

  static void assertOwnedBy(HasMetadata owned, HasMetadata owner) {
    assertThat(owned.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
      assertThat(ref.getKind()).isEqualTo(owner.getKind());
      assertThat(ref.getName()).isEqualTo(owner.getMetadata().getName());
      assertThat(ref.getUid()).isEqualTo(owner.getMetadata().getUid());
    });
    assertThat(owned.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "korean-llm-operator");
  }
}
