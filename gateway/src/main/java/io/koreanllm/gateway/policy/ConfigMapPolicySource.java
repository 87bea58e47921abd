package io.koreanllm.gateway.policy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.koreanllm.policy.Policy;
import io.koreanllm.policy.PolicyReader;
import io.koreanllm.policy.StoredPolicyText;
import java.util.function.Consumer;

/**
 * The policy ConfigMap the operator compiles from the custom resources, its text as it is or gzipped when large
 * ({@link StoredPolicyText}). An informer watches that one ConfigMap, so a change reaches every replica as the API
 * server sends it (within the two seconds ConfigMapPolicyTest allows).
 */
public final class ConfigMapPolicySource implements PolicySource, AutoCloseable {

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final String key;
  private SharedIndexInformer<ConfigMap> informer;

  public ConfigMapPolicySource(KubernetesClient client, String namespace, String name, String key) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.key = key;
  }

  @Override
  public Policy read() {
    return parse(client.configMaps().inNamespace(namespace).withName(name).get());
  }

  @Override
  public void watch(Consumer<Policy> changed, Consumer<RuntimeException> invalid) {
    informer = client.configMaps().inNamespace(namespace).withName(name).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(ConfigMap configMap) {
        deliver(configMap);
      }

      @Override
      public void onUpdate(ConfigMap before, ConfigMap after) {
        if (!after.getMetadata().getResourceVersion().equals(before.getMetadata().getResourceVersion())) {
          deliver(after);
        }
      }

      @Override
      public void onDelete(ConfigMap configMap, boolean finalStateUnknown) {
        invalid.accept(new IllegalStateException(describe() + " was deleted; the last policy stays in force"));
      }

      private void deliver(ConfigMap configMap) {
        try {
          changed.accept(parse(configMap));
        } catch (RuntimeException e) {
          invalid.accept(e);
        }
      }
    });
  }

  @Override
  public String describe() {
    return "ConfigMap " + namespace + "/" + name + " key " + key;
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
  }

  private Policy parse(ConfigMap configMap) {
    if (configMap == null) {
      throw new IllegalStateException(describe() + " does not exist (is the operator running?)");
    }
    return PolicyTooLargeException.whileReading(describe(), () -> {
      String text = StoredPolicyText.fromConfigMap(configMap.getData(), configMap.getBinaryData(), key);
      if (text == null) {
        throw new IllegalStateException(describe() + " has no key " + key + " (nor " + StoredPolicyText.gzipKey(key)
            + ")");
      }
      return new PolicyReader().readString(text, describe());
    });
  }
}
