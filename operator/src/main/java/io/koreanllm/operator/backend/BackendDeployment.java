package io.koreanllm.operator.backend;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.koreanllm.operator.Labels;
import io.koreanllm.operator.api.EngineKind;
import io.koreanllm.operator.api.LlmBackend;
import io.koreanllm.operator.api.LlmBackendSpec;
import io.koreanllm.operator.api.SecretKeyRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The model server pods of a backend: one container running the engine's command on GPUs. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class BackendDeployment extends CRUDKubernetesDependentResource<Deployment, LlmBackend> {

  public static final String COMPONENT = "llm-backend";
  /** Selects a backend's pods; the reconciler finds the pods by it too. */
  public static final String BACKEND_LABEL = "koreanllm.io/backend";
  public static final String GPU_RESOURCE = "nvidia.com/gpu";
  /** Where both engines (through huggingface_hub) keep downloaded models. */
  static final String HF_HOME = "/root/.cache/huggingface";

  // A first start downloads the model (GBs): allow 30 minutes before the kubelet gives up on it.
  private static final int STARTUP_PERIOD_SECONDS = 10;
  private static final int STARTUP_FAILURE_THRESHOLD = 180;

  public BackendDeployment() {
    super(Deployment.class);
  }

  @Override
  protected Deployment desired(LlmBackend backend, Context<LlmBackend> context) {
    LlmBackendSpec spec = backend.getSpec();
    Map<String, String> labels = podLabels(backend);
    List<Volume> volumes = List.of(cacheVolume(spec), new VolumeBuilder().withName("dshm")
        // Both engines share tensors between processes through /dev/shm, which is 64 MiB by default.
        .withNewEmptyDir().withMedium("Memory").endEmptyDir().build());
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(backend.getMetadata().getName())
        .withNamespace(backend.getMetadata().getNamespace())
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withReplicas(spec.replicas != null ? spec.replicas : 1)
        .withNewSelector().withMatchLabels(Map.of(BACKEND_LABEL, backend.getMetadata().getName())).endSelector()
        .withNewTemplate()
        .withNewMetadata().withLabels(labels).endMetadata()
        .withNewSpec()
        .withContainers(container(backend))
        .withVolumes(volumes)
        .withNodeSelector(spec.nodeSelector)
        .withTolerations(spec.tolerations)
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  static Map<String, String> podLabels(LlmBackend backend) {
    Map<String, String> labels = new TreeMap<>(Labels.of(backend, COMPONENT));
    labels.put(BACKEND_LABEL, backend.getMetadata().getName());
    return labels;
  }

  private static Container container(LlmBackend backend) {
    LlmBackendSpec spec = backend.getSpec();
    EngineCommand command = EngineCommand.of(backend);
    return new ContainerBuilder()
        .withName(spec.engine == EngineKind.SGLANG ? "sglang" : "vllm")
        .withImage(image(spec))
        .withCommand(command.command())
        .withArgs(command.args())
        .addNewPort().withName("http").withContainerPort(EngineCommand.PORT).withProtocol("TCP").endPort()
        .withEnv(env(spec))
        .withResources(resources(spec))
        .withStartupProbe(health(STARTUP_PERIOD_SECONDS, STARTUP_FAILURE_THRESHOLD))
        .withReadinessProbe(health(10, 3))
        .addNewVolumeMount().withName("model-cache").withMountPath(HF_HOME).endVolumeMount()
        .addNewVolumeMount().withName("dshm").withMountPath("/dev/shm").endVolumeMount()
        .build();
  }

  private static String image(LlmBackendSpec spec) {
    if (spec.image != null) {
      return spec.image;
    }
    return spec.engine == EngineKind.SGLANG ? "lmsysorg/sglang" : "vllm/vllm-openai";
  }

  private static List<EnvVar> env(LlmBackendSpec spec) {
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar("HF_HOME", HF_HOME, null));
    SecretKeyRef token = spec.hfTokenSecretRef;
    if (token != null) {
      String key = token.key != null ? token.key : "token";
      // huggingface_hub reads HF_TOKEN; older releases (and some engine versions) read the long name.
      for (String name : List.of("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN")) {
        env.add(new EnvVarBuilder().withName(name)
            .withNewValueFrom().withNewSecretKeyRef(key, token.name, false).endValueFrom().build());
      }
    }
    return env;
  }

  private static ResourceRequirements resources(LlmBackendSpec spec) {
    ResourceRequirements given = spec.resources != null ? spec.resources : new ResourceRequirements();
    Map<String, Quantity> limits = new TreeMap<>(given.getLimits() != null ? given.getLimits() : Map.of());
    int gpus = spec.gpu != null && spec.gpu.count != null ? spec.gpu.count : 1;
    if (gpus > 0) {
      limits.put(GPU_RESOURCE, new Quantity(String.valueOf(gpus)));
    } else {
      limits.remove(GPU_RESOURCE);
    }
    return new ResourceRequirementsBuilder(given).withLimits(limits).build();
  }

  private static Probe health(int periodSeconds, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet().withPath("/health").withNewPort("http").endHttpGet()
        .withPeriodSeconds(periodSeconds)
        .withFailureThreshold(failureThreshold)
        .build();
  }

  private static Volume cacheVolume(LlmBackendSpec spec) {
    VolumeBuilder volume = new VolumeBuilder().withName("model-cache");
    if (spec.modelCache != null && spec.modelCache.claimName != null) {
      return volume.withNewPersistentVolumeClaim(spec.modelCache.claimName, false).build();
    }
    Quantity sizeLimit = spec.modelCache != null ? spec.modelCache.sizeLimit : null;
    return volume.withNewEmptyDir().withSizeLimit(sizeLimit).endEmptyDir().build();
  }
}
