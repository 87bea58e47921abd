package io.koreanllm.operator;

import io.koreanllm.operator.policy.PolicyPublisher;

import java.time.Duration;
import java.util.Map;

/**
 * The operator's configuration, from environment variables (the Helm chart sets them).
 *
 * @param policyNamespace where the policy ConfigMap is written ({@code POLICY_NAMESPACE}, default: the
 *                        operator's own namespace)
 * @param policyConfigMap its name ({@code POLICY_CONFIGMAP}, default {@code korean-llm-policy})
 * @param rotationGrace   how long a replaced API key keeps working unless a user's spec says otherwise
 *                        ({@code KEY_ROTATION_GRACE_MINUTES}, default 1440: a day)
 * @param leaderElection  whether to take a Lease before reconciling ({@code LEADER_ELECTION}, default true;
 *                        false only for a single replica run by hand)
 * @param leaseName       the Lease's name ({@code LEASE_NAME}, default {@code korean-llm-operator}), in the
 *                        operator's namespace
 * @param httpPort        port of /healthz, /readyz and /metrics ({@code HTTP_PORT}, default 8081)
 */
public record OperatorSettings(String policyNamespace, String policyConfigMap, Duration rotationGrace,
               boolean leaderElection, String leaseName, int httpPort) {

  public static OperatorSettings fromEnvironment(Map<String, String> env, String ownNamespace) {
    return new OperatorSettings(
        env.getOrDefault("POLICY_NAMESPACE", ownNamespace),
        env.getOrDefault("POLICY_CONFIGMAP", PolicyPublisher.DEFAULT_CONFIG_MAP),
        Duration.ofMinutes(Long.parseLong(env.getOrDefault("KEY_ROTATION_GRACE_MINUTES", "1440"))),
        Boolean.parseBoolean(env.getOrDefault("LEADER_ELECTION", "true")),
        env.getOrDefault("LEASE_NAME", "korean-llm-operator"),
        Integer.parseInt(env.getOrDefault("HTTP_PORT", "8081")));
  }
}
