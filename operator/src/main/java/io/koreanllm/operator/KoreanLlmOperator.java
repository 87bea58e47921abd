package io.koreanllm.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.koreanllm.operator.backend.LlmBackendReconciler;
import io.koreanllm.operator.policy.PolicyCompiler;
import io.koreanllm.operator.policy.PolicyPublisher;
import io.koreanllm.operator.policy.PolicyGauges;
import io.koreanllm.operator.policy.UserQuotaGauges;
import io.koreanllm.operator.team.KoreanLlmTeamReconciler;
import io.koreanllm.operator.user.KoreanLlmUserReconciler;
import io.koreanllm.operator.user.UsageSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.function.Consumer;

/**
 * The operator put together: the three reconcilers in one JOSDK {@link Operator}, and the policy publisher.
 * With leader election, only the Lease holder reconciles and publishes. A replica that loses the Lease
 * exits, so it never reconciles or publishes after another took over. (This is JOSDK's exit-on-stop-leading,
 * done here instead because JOSDK would also exit when the operator is stopped, in the middle of a shutdown
 * hook, where {@code System.exit} blocks forever.)
 */
public final class KoreanLlmOperator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KoreanLlmOperator.class);

  private final Operator operator;
  private final PolicyPublisher publisher;
  private final boolean leaderElection;
  private volatile boolean closing;

  /**
   * @param metrics   where the users' quota gauges and the policy's go (JOSDK's own metrics are configured in {@code overrides})
   * @param overrides further JOSDK configuration: metrics in production, non-SSA updates against the mock
   *                  API server in tests
   */
  public KoreanLlmOperator(KubernetesClient client, OperatorSettings settings, Clock clock, UsageSource usage,
      MeterRegistry metrics, Consumer<ConfigurationServiceOverrider> overrides) {
    this.leaderElection = settings.leaderElection();
    this.publisher = new PolicyPublisher(client, new PolicyCompiler(settings.defaults(), clock),
        settings.policyNamespace(), settings.policyConfigMap(), new UserQuotaGauges(metrics),
        new PolicyGauges(metrics));
    this.operator = new Operator(config -> {
      config.withKubernetesClient(client);
      if (leaderElection) {
        config.withLeaderElectionConfiguration(new LeaderElectionConfiguration(settings.leaseName(), null,
            LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
            LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
            LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE, null,
            new LeaderCallbacks(publisher::start, this::stopLeading, leader -> LOG.info("leader is {}", leader)),
            false));
      }
      overrides.accept(config);
    });
    operator.register(new LlmBackendReconciler(clock, settings.network()));
    operator.register(new KoreanLlmUserReconciler(clock, settings.rotationGrace(), usage));
    operator.register(new KoreanLlmTeamReconciler(clock, settings.defaults().dailyResetZone(), usage));
  }

  public void start() {
    operator.start();
    if (!leaderElection) {
      publisher.start();
    }
  }

  /** Started, and every informer connected: what /readyz reports. */
  public boolean isReady() {
    return operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  private void stopLeading() {
    publisher.close();
    if (!closing) {
      LOG.error("lost the Lease; exiting so that only the new leader reconciles");
      System.exit(1);
    }
  }

  @Override
  public void close() {
    closing = true;
    publisher.close();
    operator.stop();
  }
}
