package io.koreanllm.operator;

import io.koreanllm.operator.backend.NetworkAccess;
import io.koreanllm.operator.policy.PolicyPublisher;
import io.koreanllm.policy.Defaults;
import io.koreanllm.policy.Limits;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The operator's configuration, from environment variables (the Helm chart sets them). A value that cannot be
 * read stops the start with an {@link IllegalArgumentException} naming the variable.
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
 * @param defaults        the policy's defaults: the limits of a user who sets none, and the daily reset zone
 *                        ({@code DEFAULT_RPM}, {@code DEFAULT_TPM}, {@code DEFAULT_TPH}, {@code DEFAULT_TPD},
 *                        {@code DEFAULT_COOLDOWN_MINUTES}, {@code DEFAULT_MAX_CONCURRENT},
 *                        {@code DEFAULT_MAX_TOKENS_PER_REQUEST}, {@code DAILY_RESET_ZONE}; the built-in ones
 *                        for what is not set)
 * @param network         who may reach the model servers (see {@link NetworkAccess})
 */
public record OperatorSettings(String policyNamespace, String policyConfigMap, Duration rotationGrace,
    boolean leaderElection, String leaseName, int httpPort, Defaults defaults, NetworkAccess network) {

  public static OperatorSettings fromEnvironment(Map<String, String> env, String ownNamespace) {
    String policyNamespace = env.getOrDefault("POLICY_NAMESPACE", ownNamespace);
    return new OperatorSettings(
        policyNamespace,
        env.getOrDefault("POLICY_CONFIGMAP", PolicyPublisher.DEFAULT_CONFIG_MAP),
        Duration.ofMinutes(number(env, "KEY_ROTATION_GRACE_MINUTES", Long::valueOf, 1440L)),
        Boolean.parseBoolean(env.getOrDefault("LEADER_ELECTION", "true")),
        env.getOrDefault("LEASE_NAME", "korean-llm-operator"),
        number(env, "HTTP_PORT", Integer::valueOf, 8081),
        defaults(env),
        new NetworkAccess(
            Boolean.parseBoolean(env.getOrDefault("NETWORK_POLICIES", "true")),
            env.getOrDefault("GATEWAY_NAMESPACE", policyNamespace),
            env.containsKey("GATEWAY_POD_LABELS") ? labels(env, "GATEWAY_POD_LABELS")
                : NetworkAccess.CHART_GATEWAY_PODS,
            blankToNull(env.get("METRICS_SCRAPER_NAMESPACE")),
            labels(env, "METRICS_SCRAPER_POD_LABELS")));
  }

  private static Defaults defaults(Map<String, String> env) {
    Limits limits = new Limits(
        number(env, "DEFAULT_RPM", Integer::valueOf, null),
        number(env, "DEFAULT_TPM", Integer::valueOf, null),
        number(env, "DEFAULT_TPH", Long::valueOf, null),
        number(env, "DEFAULT_TPD", Long::valueOf, null),
        number(env, "DEFAULT_COOLDOWN_MINUTES", Integer::valueOf, null),
        number(env, "DEFAULT_MAX_CONCURRENT", Integer::valueOf, null),
        number(env, "DEFAULT_MAX_TOKENS_PER_REQUEST", Integer::valueOf, null));
    String zone = blankToNull(env.get("DAILY_RESET_ZONE"));
    try {
      return Defaults.of(limits, zone == null ? null : ZoneId.of(zone));
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("DAILY_RESET_ZONE: not a time zone: '" + zone + "'", e);
    }
  }

  private static <T> T number(Map<String, String> env, String name, Function<String, T> parse, T fallback) {
    String value = blankToNull(env.get(name));
    if (value == null) {
      return fallback;
    }
    try {
      return parse.apply(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": not a whole number: '" + value + "'", e);
    }
  }

  /** {@code k=v,k=v} as a map; an unset or empty variable is no labels. */
  private static Map<String, String> labels(Map<String, String> env, String name) {
    String value = blankToNull(env.get(name));
    Map<String, String> labels = new TreeMap<>();
    if (value != null) {
      Arrays.stream(value.split(",")).map(String::strip).filter(pair -> !pair.isEmpty()).forEach(pair -> {
        int equals = pair.indexOf('=');
        if (equals <= 0) {
          throw new IllegalArgumentException(name + ": not key=value: '" + pair + "'");
        }
        labels.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
      });
    }
    return labels;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
