package io.koreanllm.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.koreanllm.operator.user.UsageSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/** Runs the operator in its pod: configuration from the environment, in-cluster credentials. */
public final class OperatorMain {

  private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

  private OperatorMain() {
  }

  public static void main(String[] args) throws Exception {
    KubernetesClient client = new KubernetesClientBuilder().build();
    OperatorSettings settings = OperatorSettings.fromEnvironment(System.getenv(), client.getNamespace());
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    KoreanLlmOperator operator = new KoreanLlmOperator(client, settings, Clock.systemUTC(), UsageSource.NONE,
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
