package io.koreanllm.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A model server (SGLang or vLLM) on GPUs; the operator runs it as a Deployment behind a Service. */
@Group(KoreanLlmUser.GROUP)
@Version(KoreanLlmUser.VERSION)
@ShortNames("llmb")
@AdditionalPrinterColumn(name = "Engine", jsonPath = ".spec.engine", type = Type.STRING)
@AdditionalPrinterColumn(name = "Model", jsonPath = ".spec.model", type = Type.STRING)
@AdditionalPrinterColumn(name = "Ready Replicas", jsonPath = ".status.readyReplicas", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = Type.STRING)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class LlmBackend extends CustomResource<LlmBackendSpec, LlmBackendStatus> implements Namespaced {
}
