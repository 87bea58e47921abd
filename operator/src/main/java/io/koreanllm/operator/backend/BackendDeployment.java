package io.koreanllm.operator.backend;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The model server pods of a backend: one container running the engine's command on GPUs. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class BackendDeployment extends CRUDKubernetesDependentResource<Deployment, LlmBackend> {

  public static final String COMPONENT = "llm-backend";
  /** Selects a backend's pods; the reconciler finds the pods by it too. */
  public static final String BACKEND_LABEL = "koreanllm.io/backend";
  public static final String GPU_RESOURCE = "nvidia.com/gpu";
  /** Where both engines (through huggingface_hub) keep downloaded models. */
  static final String HF_HOME = "/root/.cache/huggingface";
  /** The engines' images when a backend names none: pinned releases, so a restart never pulls a different server. */
  public static final String SGLANG_IMAGE = "lmsysorg/sglang:v0.5.3-cu126";
  public static final String VLLM_IMAGE = "vllm/vllm-openai:v0.11.0";

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
        .withReplicas(replicas(spec))
        .withStrategy(strategy(spec))
        .withNewSelector().withMatchLabels(Map.of(BACKEND_LABEL, backend.getMetadata().getName())).endSelector()
        .withNewTemplate()
        .withNewMetadata().withLabels(labels).endMetadata()
        .withNewSpec()
        .withContainers(container(backend))
        .withVolumes(volumes)
        .withImagePullSecrets(spec.imagePullSecrets)
        .withRuntimeClassName(spec.runtimeClassName)
        .withNodeSelector(spec.nodeSelector)
        .withTolerations(spec.tolerations)
        .withAffinity(spec.affinity)
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static int replicas(LlmBackendSpec spec) {
    return spec.replicas != null ? spec.replicas : 1;
  }

  private static int gpus(LlmBackendSpec spec) {
    return spec.gpu != null && spec.gpu.count != null ? spec.gpu.count : 1;
  }

  /**
   * How a change (a new memoryFraction, say) rolls out. A rolling update starts the new pod before it stops the
   * old one, and on a node with one GPU that pod can never be scheduled: the rollout would hang for ever. So a GPU
   * backend with one replica is recreated (stopped, then started: the model is unavailable meanwhile), and one
   * with several replicas is replaced one pod at a time without ever asking for a GPU more (maxSurge 0).
   */
  static DeploymentStrategy strategy(LlmBackendSpec spec) {
    if (gpus(spec) == 0) {
      return new DeploymentStrategyBuilder().withType("RollingUpdate").build();
    }
    if (replicas(spec) <= 1) {
      return new DeploymentStrategyBuilder().withType("Recreate").build();
    }
    return new DeploymentStrategyBuilder().withType("RollingUpdate").withNewRollingUpdate()
        .withMaxSurge(new IntOrString(0)).withMaxUnavailable(new IntOrString(1)).endRollingUpdate().build();
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
    return spec.engine == EngineKind.SGLANG ? SGLANG_IMAGE : VLLM_IMAGE;
  }

  /** The operator's variables, then the spec's; a spec variable replaces the operator's of the same name. */
  private static List<EnvVar> env(LlmBackendSpec spec) {
    List<EnvVar> given = spec.env != null ? spec.env : List.of();
    Set<String> named = given.stream().map(EnvVar::getName).collect(Collectors.toSet());
    List<EnvVar> env = new ArrayList<>(operatorEnv(spec).stream().filter(e -> !named.contains(e.getName())).toList());
    env.addAll(given);
    return env;
  }

  private static List<EnvVar> operatorEnv(LlmBackendSpec spec) {
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
    int gpus = gpus(spec);
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
