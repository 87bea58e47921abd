package io.koreanllm.operator;

import io.koreanllm.operator.backend.NetworkAccess;
import io.koreanllm.policy.Defaults;
import io.koreanllm.policy.EffectiveLimits;
import io.koreanllm.policy.Policy;
import io.koreanllm.policy.PolicyReader;
import io.koreanllm.policy.UserPolicy;
import io.koreanllm.operator.user.UsageSource;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The environment the chart sets becomes the operator's settings; a wrong value stops it, naming the variable. */
class OperatorSettingsTest {

  @Test
  void anEmptyEnvironmentGivesTheDocumentedDefaults() {
    OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of(), "llm");
    assertThat(settings.policyNamespace()).isEqualTo("llm");
    assertThat(settings.policyConfigMap()).isEqualTo("korean-llm-policy");
    assertThat(settings.rotationGrace()).isEqualTo(Duration.ofDays(1));
    assertThat(settings.leaderElection()).isTrue();
    assertThat(settings.httpPort()).isEqualTo(8081);
    assertThat(settings.defaults()).isEqualTo(Defaults.BUILT_IN);
    assertThat(settings.network()).isEqualTo(new NetworkAccess(true, "llm", NetworkAccess.CHART_GATEWAY_PODS, null,
        Map.of()));
  }

  @Test
  void theChartsVariablesAreRead() {
    OperatorSettings settings = OperatorSettings.fromEnvironment(Map.ofEntries(
        Map.entry("POLICY_NAMESPACE", "gateway"),
        Map.entry("DEFAULT_RPM", "20"), Map.entry("DEFAULT_TPM", "7000"), Map.entry("DEFAULT_TPD", "800000"),
        Map.entry("DEFAULT_COOLDOWN_MINUTES", "5"), Map.entry("DEFAULT_MAX_CONCURRENT", "2"),
        Map.entry("DAILY_RESET_ZONE", "UTC"),
        Map.entry("NETWORK_POLICIES", "false"),
        Map.entry("GATEWAY_POD_LABELS", "app.kubernetes.io/component=gateway, app.kubernetes.io/instance=klm"),
        Map.entry("METRICS_SCRAPER_NAMESPACE", "monitoring"),
        Map.entry("METRICS_SCRAPER_POD_LABELS", "app.kubernetes.io/name=prometheus")), "llm");

    EffectiveLimits limits = EffectiveLimits.of(settings.defaults().limits());
    assertThat(limits.rpm()).isEqualTo(20);
    assertThat(limits.tpm()).isEqualTo(7000);
    assertThat(limits.tph()).as("not set: the built-in default").isEqualTo(300_000L);
    assertThat(limits.tpd()).isEqualTo(800_000L);
    assertThat(limits.cooldownMinutes()).isEqualTo(5);
    assertThat(settings.defaults().dailyResetZone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(settings.network()).isEqualTo(new NetworkAccess(false, "gateway",
        Map.of("app.kubernetes.io/component", "gateway", "app.kubernetes.io/instance", "klm"), "monitoring",
        Map.of("app.kubernetes.io/name", "prometheus")));
  }

  @Test
  void aValueThatCannotBeReadNamesItsVariable() {
    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("DEFAULT_TPM", "5k"), "llm"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DEFAULT_TPM").hasMessageContaining("5k");
    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("DEFAULT_TPD", "-1"), "llm"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tpd");
    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("DAILY_RESET_ZONE", "Seoul"), "llm"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DAILY_RESET_ZONE");
    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("GATEWAY_POD_LABELS", "gateway"), "llm"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GATEWAY_POD_LABELS");
  }

  @Test
  void clusterWideDefaultLimitsReachThePolicyTheGatewayEnforces() {
    OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of("POLICY_NAMESPACE",
        MockCluster.POLICY_NAMESPACE, "LEADER_ELECTION", "false", "HTTP_PORT", "0", "DEFAULT_TPM", "7000",
        "DEFAULT_TPD", "800000"), MockCluster.NAMESPACE);
    try (MockCluster cluster = new MockCluster()) {
      cluster.startOperator(settings, Clock.systemUTC(), UsageSource.NONE, config -> { });
      cluster.client().resource(Resources.user("user1", "사용자1", 8000, List.of("*"))).create();
      Policy policy = await().atMost(Duration.ofSeconds(15)).until(() -> {
        var map = cluster.client().configMaps().inNamespace(MockCluster.POLICY_NAMESPACE)
            .withName("korean-llm-policy").get();
        return map == null ? null : new PolicyReader().readString(map.getData().get("policy.yaml"), "policy");
      }, p -> p != null && !p.users().isEmpty());

      assertThat(policy.defaults().limits().tpm()).isEqualTo(7000);
      assertThat(policy.defaults().limits().tpd()).isEqualTo(800_000L);
      UserPolicy user = policy.user("llm/user1").orElseThrow();
      // The user's own limits win; what it leaves out (tph) comes from the defaults.
      assertThat(policy.limitsOf(user).tpm()).isEqualTo(8000);
      assertThat(policy.limitsOf(user).tph()).isEqualTo(300_000L);
    }
  }
}
