package io.koreanllm.operator.backend;

import java.util.Map;

/**
 * Who may reach a backend's model server, so that no pod bypasses the limiter by calling it directly: the gateway's
 * pods, and a metrics scraper (Prometheus). Both engines serve {@code /metrics} on the API's port, and a
 * NetworkPolicy cannot tell paths apart: admit only the scraper's own pods.
 *
 * @param enabled          whether every backend gets a NetworkPolicy ({@code NETWORK_POLICIES}, default true)
 * @param gatewayNamespace the gateway's namespace ({@code GATEWAY_NAMESPACE}, default the policy's namespace)
 * @param gatewayPods      labels of the gateway's pods ({@code GATEWAY_POD_LABELS}, {@code k=v,k=v})
 * @param scraperNamespace the scraper's namespace ({@code METRICS_SCRAPER_NAMESPACE}); null admits no scraper
 * @param scraperPods      labels of the scraper's pods ({@code METRICS_SCRAPER_POD_LABELS}); empty: every pod of
 *                         its namespace
 */
public record NetworkAccess(boolean enabled, String gatewayNamespace, Map<String, String> gatewayPods,
    String scraperNamespace, Map<String, String> scraperPods) {

  /** The gateway pods of any release of the chart. */
  public static final Map<String, String> CHART_GATEWAY_PODS = Map.of("app.kubernetes.io/component", "gateway",
      "app.kubernetes.io/part-of", "korean-llm-limiter");

  public NetworkAccess {
    gatewayPods = Map.copyOf(gatewayPods);
    scraperPods = Map.copyOf(scraperPods);
  }
}
