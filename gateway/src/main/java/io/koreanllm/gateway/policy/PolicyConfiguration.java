package io.koreanllm.gateway.policy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The policy in force and where it is read from: files in local mode, the operator's ConfigMap in a cluster. */
@Configuration(proxyBeanMethods = false)
class PolicyConfiguration {

  @Bean
  PolicyHolder policyHolder(PolicySource source, List<PolicyPreparation> preparations) {
    return new PolicyHolder(source, preparations);
  }

  @Bean
  @ConditionalOnProperty(name = "koreanllm.policy-source", havingValue = "files", matchIfMissing = true)
  PolicySource filePolicySource(PolicyProperties properties) {
    return new FilePolicySource(properties.policyFiles());
  }

  /** In a cluster: the operator's ConfigMap, watched, so every replica follows each change. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "koreanllm.policy-source", havingValue = "kubernetes")
  static class KubernetesPolicy {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    KubernetesClient kubernetesClient() {
      return new KubernetesClientBuilder().build();
    }

    @Bean(destroyMethod = "close")
    PolicySource configMapPolicySource(KubernetesClient client, PolicyProperties properties) {
      PolicyProperties.Kubernetes kubernetes = properties.kubernetes();
      String namespace = kubernetes.namespace() != null ? kubernetes.namespace() : client.getNamespace();
      return new ConfigMapPolicySource(client, namespace, kubernetes.policyConfigMap(), kubernetes.policyKey());
    }
  }
}
