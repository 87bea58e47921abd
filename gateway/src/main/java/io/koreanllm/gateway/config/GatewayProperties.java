package io.koreanllm.gateway.config;

import io.koreanllm.gateway.quota.redis.FailureMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The gateway's own settings ({@code koreanllm.*}); docs/configuration.md lists each one.
 *
 * @param policySource {@code files} (local mode) or {@code kubernetes} (the operator's ConfigMap)
 * @param policyFiles the policy document's files (local mode): users and defaults, models
 * @param kubernetes where the operator's policy ConfigMap is
 * @param adminKey the key that opens the admin and stats routes; blank closes them
 * @param maxBodySize the largest request body accepted
 * @param defaultMaxTokens what the gateway reserves and sets upstream when a request gives no max_tokens
 * @param store where quota state lives
 * @param backendPollInterval how often each model's backend is probed ({@code /health}) and scraped
 *     ({@code /metrics}) for the dashboard and the {@code koreanllm_backend_*} gauges
 * @param dashboardSession how long a dashboard login lasts
 */
@ConfigurationProperties("koreanllm")
public record GatewayProperties(PolicySourceKind policySource, List<Path> policyFiles, Kubernetes kubernetes,
    String adminKey, DataSize maxBodySize, int defaultMaxTokens, Duration backendTimeout, Store store,
    Duration backendPollInterval, Duration dashboardSession) {

  public enum PolicySourceKind { FILES, KUBERNETES }

  public GatewayProperties {
    policySource = policySource == null ? PolicySourceKind.FILES : policySource;
    kubernetes = kubernetes == null ? new Kubernetes(null, null, null) : kubernetes;
    policyFiles = policyFiles == null || policyFiles.isEmpty()
        ? List.of(Path.of("config/users.yaml"), Path.of("config/models.yaml")) : List.copyOf(policyFiles);
    maxBodySize = maxBodySize == null ? DataSize.ofMegabytes(2) : maxBodySize;
    defaultMaxTokens = defaultMaxTokens <= 0 ? 1024 : defaultMaxTokens;
    backendTimeout = backendTimeout == null ? Duration.ofSeconds(60) : backendTimeout;
    store = store == null ? new Store(null, null, null) : store;
    backendPollInterval = backendPollInterval == null ? Duration.ofSeconds(5) : backendPollInterval;
    dashboardSession = dashboardSession == null ? Duration.ofHours(8) : dashboardSession;
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

  /**
   * @param type {@code embedded} (one process, SQLite) or {@code redis} (shared by every replica)
   * @param path the embedded store's SQLite file
   * @param redis the redis store's settings; the connection itself is Spring Boot's {@code spring.data.redis.*}
   */
  public record Store(String type, Path path, Redis redis) {
    public Store {
      type = type == null ? "embedded" : type;
      path = path == null ? Path.of("data/usage.db") : path;
      redis = redis == null ? new Redis(null, null, false, null) : redis;
    }
  }

  /**
   * @param failureMode what to do while Redis is unreachable: {@code closed}, {@code open} or {@code local}
   * @param operationTimeout how long one Redis call may take before Redis counts as unreachable
   * @param gatewayClock measure windows with the gateway's clock instead of Redis {@code TIME} (tests only: replicas
   *     would each bring their own clock)
   * @param inFlightLease how long a request in flight holds its concurrency slot if its gateway dies before settling
   */
  public record Redis(FailureMode failureMode, Duration operationTimeout, boolean gatewayClock,
      Duration inFlightLease) {
    public Redis {
      failureMode = failureMode == null ? FailureMode.LOCAL : failureMode;
      operationTimeout = operationTimeout == null ? Duration.ofSeconds(1) : operationTimeout;
      inFlightLease = inFlightLease == null ? Duration.ofMinutes(10) : inFlightLease;
    }
  }
}
