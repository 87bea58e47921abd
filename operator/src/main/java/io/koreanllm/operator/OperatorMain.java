package io.koreanllm.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.koreanllm.operator.user.GatewayUsageSource;
import io.koreanllm.operator.user.UsageSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/** Runs the operator in its pod: configuration from the environment, in-cluster credentials. */
public final class OperatorMain {

  private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

  private OperatorMain() {
  }

  /** Users' and teams' usage from the gateway, when {@code GATEWAY_URL} and {@code GATEWAY_ADMIN_KEY} say how. */
  private static UsageSource usageSource() {
    String gateway = System.getenv("GATEWAY_URL");
    String adminKey = System.getenv("GATEWAY_ADMIN_KEY");
    if (gateway == null || gateway.isBlank() || adminKey == null || adminKey.isBlank()) {
      return UsageSource.NONE;
    }
    return new GatewayUsageSource(java.net.URI.create(gateway), adminKey.trim(), Duration.ofMinutes(1));
  }

  /**
   * Asks the API server its version before anything starts, so that an operator which cannot reach it (run outside
   * a cluster, a wrong KUBERNETES_SERVICE_HOST, a NetworkPolicy in the way) says so at once and exits, instead of
   * retrying its informers in the background while its health endpoint answers.
   */
  private static void apiServerAnswers(KubernetesClient client) {
    try {
      LOG.info("Kubernetes API server {} answers: version {}", client.getMasterUrl(),
          client.getKubernetesVersion().getGitVersion());
    } catch (KubernetesClientException e) {
      Throwable cause = e;
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      LOG.error("cannot reach the Kubernetes API server at {}: {}; outside a cluster, point KUBECONFIG or "
          + "KUBERNETES_MASTER at one", client.getMasterUrl(), cause.toString());
      System.exit(1);
    }
  }

  public static void main(String[] args) throws Exception {
    KubernetesClient client = new KubernetesClientBuilder().build();
    OperatorSettings settings = OperatorSettings.fromEnvironment(System.getenv(), client.getNamespace());
    apiServerAnswers(client);
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    KoreanLlmOperator operator = new KoreanLlmOperator(client, settings, Clock.systemUTC(), usageSource(), metrics,
        config -> config.withMetrics(MicrometerMetrics.withoutPerResourceMetrics(metrics)));
    HealthServer health = new HealthServer(settings.httpPort(), operator::isReady, metrics);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      health.close();
      operator.close();
    }, "shutdown"));
    health.start();
    LOG.info("starting: policy ConfigMap {}/{}, leader election {}", settings.policyNamespace(),
        settings.policyConfigMap(), settings.leaderElection());
    operator.start();
  }
}
