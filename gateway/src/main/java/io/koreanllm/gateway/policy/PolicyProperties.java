package io.koreanllm.gateway.policy;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the policy comes from ({@code koreanllm.*}; docs/configuration.md).
 *
 * @param policySource {@code files} (local mode) or {@code kubernetes} (the operator's ConfigMap)
 * @param policyFiles the policy document's files (local mode): users and defaults, models
 * @param kubernetes where the operator's policy ConfigMap is
 */
@ConfigurationProperties("koreanllm")
public record PolicyProperties(Kind policySource, List<Path> policyFiles, Kubernetes kubernetes) {

  public enum Kind { FILES, KUBERNETES }

  public PolicyProperties {
    policySource = policySource == null ? Kind.FILES : policySource;
    kubernetes = kubernetes == null ? new Kubernetes(null, null, null) : kubernetes;
    policyFiles = policyFiles == null || policyFiles.isEmpty()
        ? List.of(Path.of("config/users.yaml"), Path.of("config/models.yaml")) : List.copyOf(policyFiles);
  }

  /**
   * @param namespace the ConfigMap's namespace; unset, the gateway's own (from its service account)
   * @param policyConfigMap the ConfigMap's name, {@code korean-llm-policy} as the operator writes it
   * @param policyKey the ConfigMap key holding the policy document
   */
  public record Kubernetes(String namespace, String policyConfigMap, String policyKey) {
    public Kubernetes {
      policyConfigMap = policyConfigMap == null ? "korean-llm-policy" : policyConfigMap;
      policyKey = policyKey == null ? "policy.yaml" : policyKey;
    }
  }
}
