package io.koreanllm.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A user of the gateway: limits and allowed models, and an API key the operator keeps in a Secret. */
@Group(KoreanLlmUser.GROUP)
@Version(KoreanLlmUser.VERSION)
@ShortNames("klu")
@AdditionalPrinterColumn(name = "Display Name", jsonPath = ".spec.displayName", type = Type.STRING)
@AdditionalPrinterColumn(name = "RPM", jsonPath = ".spec.limits.rpm", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "TPM", jsonPath = ".spec.limits.tpm", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Daily Limit", jsonPath = ".spec.limits.tpd", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Used Today", jsonPath = ".status.usageToday", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class KoreanLlmUser extends CustomResource<KoreanLlmUserSpec, KoreanLlmUserStatus> implements Namespaced {

  public static final String GROUP = "koreanllm.io";
  public static final String VERSION = "v1alpha1";

  /** Any new value asks for a new API key; the operator records the last value it handled. */
  public static final String ROTATE_KEY_ANNOTATION = GROUP + "/rotate-key";
}
