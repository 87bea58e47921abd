package io.koreanllm.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;

import java.util.List;
import java.util.Map;

@ValidationRule(value = "!has(self.schedulingPolicy) || self.schedulingPolicy != 'priority' || self.engine == 'vllm'",
    message = "schedulingPolicy priority needs engine vllm")
public class LlmBackendSpec {

  @Required
  @JsonPropertyDescription("The model server: sglang or vllm.")
  public EngineKind engine;

  @Required
  @JsonPropertyDescription("The model to serve: a Hugging Face hub id such as Qwen/Qwen2.5-3B-Instruct, or a path.")
  public String model;

  @Pattern("^[A-Za-z0-9._:/-]{1,128}$")
  @JsonPropertyDescription("The name clients put in \"model\"; the resource name when not given.")
  public String servedModelName;

  @Pattern("^[A-Za-z0-9._:/-]{1,128}$")
  @JsonPropertyDescription("The name the model server itself knows the model by, when it is not the one clients "
      + "use: the name an externalUrl server serves it under. A server the operator runs is started with "
      + "--served-model-name set to it. servedModelName when not given.")
  public String upstreamModel;

  @JsonPropertyDescription("The most the gateway sends this backend at once (all replicas together); more requests "
      + "wait in the gateway's fair queue, interactive users first.")
  public CapacitySpec capacity;

  @JsonPropertyDescription("How the model server orders the requests it runs: fcfs (the default) or priority, by "
      + "each request's priority class (vllm only; the operator then starts vLLM with --scheduling-policy "
      + "priority, an externalUrl server must be started so).")
  public Scheduling schedulingPolicy;

  @Pattern("^https?://[^/?#]+(/[^?#]*)?$")
  @JsonPropertyDescription("An OpenAI-compatible server that already runs (outside the cluster, or managed elsewhere): "
      + "its base URL, such as http://gpu-box.lan:8000. The operator then runs nothing itself and routes the "
      + "model there.")
  public String externalUrl;

  @JsonPropertyDescription("Container image; when not given, a pinned release of lmsysorg/sglang or "
      + "vllm/vllm-openai (the operator's documentation names the tags).")
  public String image;

  @JsonPropertyDescription("Secrets to pull the image with, e.g. for a registry mirror in a closed network.")
  public List<LocalObjectReference> imagePullSecrets;

  @JsonPropertyDescription("More environment variables of the model server, e.g. PYTORCH_CUDA_ALLOC_CONF; one "
      + "named as the operator's own (HF_HOME, HF_TOKEN) replaces it.")
  public List<EnvVar> env;

  @JsonPropertyDescription("RuntimeClass of the pods, e.g. nvidia where the NVIDIA container runtime is not the "
      + "node's default (k3s registers it as nvidia).")
  public String runtimeClassName;

  @Min(0)
  @JsonPropertyDescription("Number of model server pods; 1 when not given.")
  public Integer replicas;

  @JsonPropertyDescription("GPUs per pod and how much of their memory the server takes.")
  public GpuSpec gpu;

  @Min(1)
  @JsonPropertyDescription("Context length in tokens (vLLM --max-model-len, SGLang --context-length); the "
      + "profile's, else the model's own, when not given.")
  public Integer maxModelLen;

  @JsonPropertyDescription("Weight and activation dtype (--dtype), e.g. half or bfloat16; the profile's, else "
      + "the engine's default, when not given.")
  public String dtype;

  @JsonPropertyDescription("More command-line flags, appended after the operator's own.")
  public List<String> extraArgs;

  @JsonPropertyDescription("Tokenizer the gateway counts with (hub id or path); the model when not given.")
  public String tokenizer;

  @JsonPropertyDescription("A Secret holding a Hugging Face token (under the key token by default), for gated "
      + "models; passed as HF_TOKEN.")
  public SecretKeyRef hfTokenSecretRef;

  @JsonPropertyDescription("Where downloaded model files are kept; an emptyDir (lost with the pod) when not given.")
  public ModelCacheSpec modelCache;

  @JsonPropertyDescription("Container resources; the GPU limit (nvidia.com/gpu) is set from gpu.count.")
  public ResourceRequirements resources;

  @JsonPropertyDescription("Node labels the pods must run on, e.g. a GPU node pool.")
  public Map<String, String> nodeSelector;

  @JsonPropertyDescription("Tolerations of the pods, e.g. for tainted GPU nodes.")
  public List<Toleration> tolerations;

  @JsonPropertyDescription("Affinity of the pods, e.g. to a GPU model's node label.")
  public Affinity affinity;
}
