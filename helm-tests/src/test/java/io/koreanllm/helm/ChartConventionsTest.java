package io.koreanllm.helm;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.koreanllm.operator.OperatorSettings;
import io.koreanllm.operator.api.LlmBackend;
import io.koreanllm.policy.Defaults;
import io.koreanllm.policy.EffectiveLimits;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.time.ZoneId;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What users expect of a chart: a test hook, secrets a GitOps tool does not rotate, a PDB that never blocks drains. */
class ChartConventionsTest {

  @Test
  void helmTestAsksTheGatewaysHealthAndModelsWithTheGatewaysOwnImage() throws IOException {
    assertThat(Files.readString(Chart.DIR.resolve("templates/tests/gateway-test.yaml")))
        .contains("helm.sh/hook: test");
    Chart.Rendered chart = Chart.renderTests(Map.of("simulator.enabled", true));
    Pod test = chart.get(Pod.class, "test");
    assertThat(test.getSpec().getRestartPolicy()).isEqualTo("Never");
    Container container = test.getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo(Containers.of(chart, "gateway").getImage());
    assertThat(Containers.secretRef(container, "ADMIN_KEY")).isEqualTo(Chart.PREFIX + "admin-key/admin-key");
    String script = String.join("\n", container.getArgs());
    assertThat(script).contains("/dev/tcp/" + Chart.PREFIX + "gateway.llm.svc/80", "get /health",
        "get /v1/models \"Authorization: Bearer $ADMIN_KEY\"", "\"id\":\"korean-qwen\"");
    assertThat(test.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();

    assertThat(Chart.renderTests(Map.of("tests.enabled", false)).find(Pod.class, Chart.PREFIX + "test")).isEmpty();
  }

  @Test
  void anExistingRedisSecretReplacesTheGeneratedPassword() {
    Chart.Rendered chart = Chart.render(Map.of("redis.auth.existingSecret", "redis-auth",
        "redis.auth.secretKey", "redis-password"));
    assertThat(chart.find(Secret.class, Chart.PREFIX + "redis")).isEmpty();
    assertThat(Containers.secretRef(Containers.of(chart, "gateway"), "SPRING_DATA_REDIS_PASSWORD"))
        .isEqualTo("redis-auth/redis-password");
    Container redis = chart.get(StatefulSet.class, "redis").getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(Containers.secretRef(redis, "REDIS_PASSWORD")).isEqualTo("redis-auth/redis-password");
  }

  @Test
  void aDisruptionBudgetOnlyWhereADrainCanKeepItsMinimum() {
    assertThat(Chart.render(Map.of()).find(PodDisruptionBudget.class, Chart.PREFIX + "gateway")).isPresent();
    assertThat(Chart.render(Map.of("gateway.replicas", 1)).all(PodDisruptionBudget.class))
        .as("one replica and minAvailable 1: no eviction would ever be allowed").isEmpty();
    assertThat(Chart.render(Map.of("gateway.replicas", 3, "gateway.podDisruptionBudget.minAvailable", 3))
        .all(PodDisruptionBudget.class)).isEmpty();
    assertThat(Chart.render(Map.of("gateway.autoscaling.enabled", true, "gateway.replicas", 1))
        .all(PodDisruptionBudget.class)).as("autoscaling from 2").hasSize(1);
    assertThat(Chart.render(Map.of("gateway.autoscaling.enabled", true, "gateway.autoscaling.minReplicas", 1))
        .all(PodDisruptionBudget.class)).isEmpty();
  }

  @Test
  void theClusterWideDefaultLimitsReachTheOperator() {
    Chart.Rendered chart = Chart.render(Map.of("defaultLimits.tpm", 7000, "defaultLimits.tpd", 2_000_000,
        "defaultLimits.maxConcurrent", 3, "dailyResetZone", "UTC"));
    Defaults defaults = OperatorSettings.fromEnvironment(Containers.env(Containers.of(chart, "operator")),
        Chart.NAMESPACE).defaults();
    EffectiveLimits limits = EffectiveLimits.of(defaults.limits());
    assertThat(limits.rpm()).isEqualTo(30);
    assertThat(limits.tpm()).isEqualTo(7000);
    assertThat(limits.tph()).isEqualTo(300_000L);
    assertThat(limits.tpd()).isEqualTo(2_000_000L);
    assertThat(limits.maxConcurrent()).isEqualTo(3);
    assertThat(defaults.dailyResetZone()).isEqualTo(ZoneId.of("UTC"));

    assertThat(OperatorSettings.fromEnvironment(Containers.env(Containers.of(Chart.render(Map.of()), "operator")),
        Chart.NAMESPACE).defaults()).as("the chart's defaults are the seeds'").isEqualTo(Defaults.BUILT_IN);
  }

  @Test
  void backendDefaultsReachEveryBackendTheChartCreatesUnderItsOwnValues() {
    Chart.Rendered chart = Chart.render(Map.of("backendDefaults.runtimeClassName", "nvidia",
        "backendDefaults.env[0].name", "PYTORCH_CUDA_ALLOC_CONF",
        "backendDefaults.env[0].value", "expandable_segments:True",
        "backends[0].name", "qwen", "backends[0].engine", "sglang", "backends[0].model", "Qwen/Qwen2.5-3B-Instruct",
        "backends[1].name", "own", "backends[1].engine", "vllm", "backends[1].model", "acme/model",
        "backends[1].runtimeClassName", "nvidia-cdi"));
    LlmBackend qwen = chart.find(LlmBackend.class, "qwen").orElseThrow();
    assertThat(qwen.getSpec().runtimeClassName).isEqualTo("nvidia");
    assertThat(qwen.getSpec().env).singleElement().satisfies(e -> assertThat(e.getName())
        .isEqualTo("PYTORCH_CUDA_ALLOC_CONF"));
    assertThat(qwen.getSpec().gpu.profile).isEqualTo("rtx4060-8gb");
    assertThat(chart.find(LlmBackend.class, "own").orElseThrow().getSpec().runtimeClassName).isEqualTo("nvidia-cdi");
  }
}
