package io.koreanllm.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.koreanllm.operator.api.EngineKind;
import io.koreanllm.operator.api.KoreanLlmUser;
import io.koreanllm.operator.api.LlmBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** `helm lint` and `helm template` of the chart, for its defaults and the variations users install. */
class ChartRenderTest {

  private static final Map<String, Object> EXTERNAL_REDIS = Map.of("redis.enabled", false,
      "redis.external.existingSecret", "redis-conn");
  private static final Map<String, Object> HPA = Map.of("gateway.autoscaling.enabled", true);
  private static final Map<String, Object> INGRESS = Map.of("gateway.ingress.enabled", true,
      "gateway.ingress.className", "nginx");
  private static final Map<String, Object> BACKENDS_AND_SIMULATOR = twoBackendsAUserAndTheSimulator();

  private static Map<String, Object> twoBackendsAUserAndTheSimulator() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("backends[0].name", "qwen");
    values.put("backends[0].engine", "sglang");
    values.put("backends[0].model", "Qwen/Qwen2.5-3B-Instruct");
    values.put("backends[0].servedModelName", "korean-qwen");
    values.put("backends[1].name", "ggachi");
    values.put("backends[1].engine", "vllm");
    values.put("backends[1].model", "torchtorchkimtorch/Llama-3.2-Korean-GGACHI-1B-Instruct-v1");
    values.put("backends[1].gpu.memoryFraction", "0.7");
    values.put("users[0].name", "user1");
    values.put("users[0].displayName", "사용자1");
    values.put("users[0].limits.rpm", 40);
    values.put("simulator.enabled", true);
    return values;
  }

  static Stream<Map<String, Object>> variations() {
    return Stream.of(Map.of(), EXTERNAL_REDIS, HPA, INGRESS, BACKENDS_AND_SIMULATOR, ValuesSchemaTest.everythingOn());
  }

  @Test
  void lintIsClean() {
    LintResult lint = new Helm(Chart.DIR).lint().strict().call();
    assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
    assertThat(lint.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }

  @ParameterizedTest
  @MethodSource("variations")
  void everyObjectParsesIntoItsTypeWithNoUnknownField(Map<String, Object> values) {
    List<HasMetadata> objects = Chart.render(values).objects();
    assertThat(objects).isNotEmpty().noneMatch(GenericKubernetesResource.class::isInstance);
    assertThat(objects.stream().flatMap(o -> UnknownFields.in(o).stream()
        .map(field -> o.getMetadata().getName() + ": " + field))).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("variations")
  void everyPodRunsNonRootOnAReadOnlyRootWithNoCapabilities(Map<String, Object> values) {
    Chart.Rendered chart = Chart.render(values);
    List<PodSpec> pods = Stream.of(chart.all(Deployment.class).map(d -> d.getSpec().getTemplate().getSpec()),
        chart.all(StatefulSet.class).map(s -> s.getSpec().getTemplate().getSpec()),
        Chart.renderTests(values).all(Pod.class).map(Pod::getSpec)).flatMap(p -> p).toList();
    assertThat(pods).isNotEmpty().allSatisfy(pod -> {
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
      assertThat(pod.getVolumes()).anySatisfy(v -> {
        assertThat(v.getName()).isEqualTo("tmp");
        assertThat(v.getEmptyDir()).isNotNull();
      });
      assertThat(pod.getContainers()).allSatisfy(c -> {
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(c.getVolumeMounts()).anyMatch(m -> m.getName().equals("tmp") && m.getMountPath().equals("/tmp"));
      });
    });
  }

  @Test
  void defaultsRunTwoGatewaysOnRedisAndTheOperatorsPolicy() {
    Chart.Rendered chart = Chart.render(Map.of());

    Deployment gateway = chart.get(Deployment.class, "gateway");
    assertThat(gateway.getSpec().getReplicas()).isEqualTo(2);
    Container container = gateway.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
    assertThat(Containers.env(container)).containsEntry("KOREANLLM_POLICY_SOURCE", "kubernetes")
        .containsEntry("KOREANLLM_KUBERNETES_NAMESPACE", Chart.NAMESPACE)
        .containsEntry("KOREANLLM_KUBERNETES_POLICYCONFIGMAP", "korean-llm-policy")
        .containsEntry("KOREANLLM_STORE", "redis")
        .containsEntry("KOREANLLM_REDIS_HEALTH", "true")
        .containsEntry("KOREANLLM_STORE_REDIS_FAILUREMODE", "local")
        .containsEntry("KOREANLLM_STORE_REDIS_REPLICASFLOOR", "2")
        .containsEntry("KOREANLLM_STORE_REDIS_JOURNALPATH", "/var/lib/koreanllm/journal/usage-journal.jsonl")
        .containsEntry("SPRING_DATA_REDIS_HOST", Chart.PREFIX + "redis")
        .containsEntry("SPRING_DATA_REDIS_PORT", "6379")
        .doesNotContainKey("SPRING_DATA_REDIS_URL")
        .doesNotContainKey("KOREANLLM_GPU_METRICS_URLS");
    assertThat(Containers.secretRef(container, "KOREANLLM_ADMIN_KEY")).isEqualTo(Chart.PREFIX + "admin-key/admin-key");
    assertThat(Containers.secretRef(container, "SPRING_DATA_REDIS_PASSWORD")).isEqualTo(Chart.PREFIX + "redis/password");
    assertThat(gateway.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo(Chart.PREFIX + "gateway");
    assertThat(chart.get(Service.class, "gateway").getSpec().getSelector())
        .isEqualTo(gateway.getSpec().getSelector().getMatchLabels());
    assertThat(chart.get(PodDisruptionBudget.class, "gateway").getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    assertThat(chart.all(HorizontalPodAutoscaler.class)).isEmpty();
    // The outage journal on a volume of its own, which outlives a crashed container.
    assertThat(container.getVolumeMounts()).anySatisfy(mount -> {
      assertThat(mount.getName()).isEqualTo("journal");
      assertThat(mount.getMountPath()).isEqualTo("/var/lib/koreanllm/journal");
    });
    assertThat(gateway.getSpec().getTemplate().getSpec().getVolumes()).anySatisfy(volume -> {
      assertThat(volume.getName()).isEqualTo("journal");
      assertThat(volume.getEmptyDir().getSizeLimit().toString()).isEqualTo("128Mi");
    });
    assertThat(chart.all(Ingress.class)).isEmpty();

    StatefulSet redis = chart.get(StatefulSet.class, "redis");
    assertThat(redis.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .containsSequence("--appendonly", "yes");
    assertThat(redis.getSpec().getVolumeClaimTemplates()).singleElement()
        .satisfies(claim -> assertThat(claim.getMetadata().getName()).isEqualTo("data"));
    assertThat(chart.get(Service.class, "redis").getSpec().getPorts().get(0).getPort()).isEqualTo(6379);
    assertThat(chart.get(Secret.class, "admin-key").getData()).containsKey("admin-key");

    Deployment operator = chart.get(Deployment.class, "operator");
    Container operatorContainer = operator.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(Containers.env(operatorContainer)).containsEntry("POLICY_NAMESPACE", Chart.NAMESPACE)
        .containsEntry("POLICY_CONFIGMAP", "korean-llm-policy")
        .containsEntry("LEADER_ELECTION", "true")
        .containsEntry("LEASE_NAME", "korean-llm-operator")
        .containsEntry("HTTP_PORT", "8081")
        .containsEntry("GATEWAY_URL", "http://" + Chart.PREFIX + "gateway.llm.svc:80");
    assertThat(Containers.secretRef(operatorContainer, "GATEWAY_ADMIN_KEY")).isEqualTo(Chart.PREFIX + "admin-key/admin-key");
    assertThat(operatorContainer.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(operatorContainer.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(chart.get(ServiceAccount.class, "operator")).isNotNull();
  }

  @Test
  void theDashboardsGpuPanelReadsTheDcgmExportersGiven() {
    Container gateway = gatewayContainer(Chart.render(Map.of("gateway.gpuMetricsUrls[0]",
        "http://dcgm-a.gpu:9400/metrics", "gateway.gpuMetricsUrls[1]", "http://dcgm-b.gpu:9400/metrics")));
    assertThat(Containers.env(gateway)).containsEntry("KOREANLLM_GPU_METRICS_URLS",
        "http://dcgm-a.gpu:9400/metrics,http://dcgm-b.gpu:9400/metrics");
  }

  @Test
  void theGatewayMayOnlyReadThePolicyConfigMap() {
    Chart.Rendered chart = Chart.render(Map.of());
    List<PolicyRule> rules = chart.rulesOf(Chart.PREFIX + "gateway");
    assertThat(rules).singleElement().satisfies(rule -> {
      assertThat(rule.getApiGroups()).containsExactly("");
      assertThat(rule.getResources()).containsExactly("configmaps");
      assertThat(rule.getResourceNames()).containsExactly("korean-llm-policy");
      assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch");
    });
    assertThat(chart.clusterRulesOf(Chart.PREFIX + "gateway")).isEmpty();
    // Nothing else in the chart mounts a token it does not need.
    assertThat(chart.get(StatefulSet.class, "redis").getSpec().getTemplate().getSpec()
        .getAutomountServiceAccountToken()).isFalse();
  }

  @Test
  void theAdminKeyAndTheRedisPasswordAreGeneratedOnceAndKeptAcrossUpgrades() {
    Secret admin = Chart.render(Map.of()).get(Secret.class, "admin-key");
    Secret redis = Chart.render(Map.of()).get(Secret.class, "redis");
    String adminKey = admin.getData().get("admin-key");
    assertThat(Base64.getDecoder().decode(adminKey)).hasSize(48);
    assertThat(Chart.render(Map.of()).get(Secret.class, "admin-key").getData().get("admin-key"))
        .as("a first install draws a new key").isNotEqualTo(adminKey);

    // An upgrade: the release's Secrets are in the cluster, and lookup finds them.
    try (KubernetesClient cluster = Chart.API_SERVER.createClient()) {
      cluster.resource(admin).inNamespace(Chart.NAMESPACE).create();
      cluster.resource(redis).inNamespace(Chart.NAMESPACE).create();
      try {
        Chart.Rendered upgrade = Chart.render(Map.of());
        assertThat(upgrade.get(Secret.class, "admin-key").getData()).containsEntry("admin-key", adminKey);
        assertThat(upgrade.get(Secret.class, "redis").getData()).isEqualTo(redis.getData());
      } finally {
        cluster.resource(admin).inNamespace(Chart.NAMESPACE).delete();
        cluster.resource(redis).inNamespace(Chart.NAMESPACE).delete();
      }
    }

    Chart.Rendered own = Chart.render(Map.of("gateway.adminKey.existingSecret", "my-admin"));
    assertThat(own.find(Secret.class, Chart.PREFIX + "admin-key")).isEmpty();
    assertThat(Containers.secretRef(gatewayContainer(own), "KOREANLLM_ADMIN_KEY")).isEqualTo("my-admin/admin-key");
  }

  @Test
  void anExternalRedisComesFromItsSecretOrItsUrlAndIsRequired() {
    Chart.Rendered fromSecret = Chart.render(EXTERNAL_REDIS);
    assertThat(fromSecret.all(StatefulSet.class)).isEmpty();
    assertThat(fromSecret.find(Service.class, Chart.PREFIX + "redis")).isEmpty();
    Container gateway = gatewayContainer(fromSecret);
    assertThat(Containers.secretRef(gateway, "SPRING_DATA_REDIS_URL")).isEqualTo("redis-conn/redis-url");
    assertThat(Containers.env(gateway)).doesNotContainKey("SPRING_DATA_REDIS_PASSWORD");

    Container fromUrl = gatewayContainer(Chart.render(Map.of("redis.enabled", false,
        "redis.external.url", "rediss://redis.example:6380")));
    assertThat(Containers.env(fromUrl)).containsEntry("SPRING_DATA_REDIS_URL", "rediss://redis.example:6380");

    assertThatThrownBy(() -> Chart.render(Map.of("redis.enabled", false)))
        .hasMessageContaining("redis.external.url or redis.external.existingSecret is required");
  }

  @Test
  void autoscalingLeavesTheReplicasToTheAutoscaler() {
    Chart.Rendered chart = Chart.render(Map.of("gateway.autoscaling.enabled", true,
        "gateway.autoscaling.minReplicas", 3));
    HorizontalPodAutoscaler hpa = chart.get(HorizontalPodAutoscaler.class, "gateway");
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(Chart.PREFIX + "gateway");
    assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
    Deployment gateway = chart.get(Deployment.class, "gateway");
    assertThat(gateway.getSpec().getReplicas()).isNull();
    assertThat(Containers.env(gateway.getSpec().getTemplate().getSpec().getContainers().get(0)))
        .as("limits are shared by at least the autoscaler's minimum")
        .containsEntry("KOREANLLM_STORE_REDIS_REPLICASFLOOR", "3");
  }

  @Test
  void theIngressRoutesToTheGatewayService() {
    Ingress ingress = Chart.render(INGRESS).get(Ingress.class, "gateway");
    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
    assertThat(ingress.getSpec().getRules()).singleElement().satisfies(rule -> {
      assertThat(rule.getHost()).isEqualTo("llm.example.com");
      assertThat(rule.getHttp().getPaths().get(0).getBackend().getService().getName())
          .isEqualTo(Chart.PREFIX + "gateway");
      assertThat(rule.getHttp().getPaths().get(0).getBackend().getService().getPort().getName()).isEqualTo("http");
    });
  }

  @Test
  void backendsGetTheRtx4060ProfileUsersTheSeedLimitsAndTheSimulatorAnExternalBackend() {
    Chart.Rendered chart = Chart.render(BACKENDS_AND_SIMULATOR);

    LlmBackend qwen = chart.find(LlmBackend.class, "qwen").orElseThrow();
    assertThat(qwen.getSpec().engine).isEqualTo(EngineKind.SGLANG);
    assertThat(qwen.getSpec().servedModelName).isEqualTo("korean-qwen");
    assertThat(qwen.getSpec().gpu.profile).isEqualTo("rtx4060-8gb");
    assertThat(qwen.getSpec().gpu.count).isEqualTo(1);
    LlmBackend ggachi = chart.find(LlmBackend.class, "ggachi").orElseThrow();
    assertThat(ggachi.getSpec().engine).isEqualTo(EngineKind.VLLM);
    assertThat(ggachi.getSpec().gpu.memoryFraction).isEqualTo(0.7);
    assertThat(ggachi.getSpec().gpu.profile).isEqualTo("rtx4060-8gb");

    KoreanLlmUser user = chart.find(KoreanLlmUser.class, "user1").orElseThrow();
    assertThat(user.getSpec().displayName).isEqualTo("사용자1");
    assertThat(user.getSpec().limits.rpm).isEqualTo(40);
    assertThat(user.getSpec().limits.tpm).isEqualTo(5000);
    assertThat(user.getSpec().limits.tph).isEqualTo(300_000L);
    assertThat(user.getSpec().limits.tpd).isEqualTo(500_000L);

    LlmBackend simulator = chart.get(LlmBackend.class, "simulator");
    assertThat(simulator.getSpec().externalUrl).isEqualTo("http://" + Chart.PREFIX + "simulator.llm.svc:8000");
    assertThat(simulator.getSpec().gpu).isNull();
    assertThat(chart.get(Service.class, "simulator").getSpec().getPorts().get(0).getPort()).isEqualTo(8000);
    Container container = chart.get(Deployment.class, "simulator").getSpec().getTemplate().getSpec()
        .getContainers().get(0);
    // Counted with the Qwen tokenizer baked into the simulator's and the gateway's images: nothing to download.
    assertThat(container.getArgs()).contains("--simulator.models[korean-qwen]=qwen3");
    assertThat(simulator.getSpec().model).isEqualTo("Qwen/Qwen2.5-3B-Instruct");
    assertThat(simulator.getSpec().tokenizer).isEqualTo("qwen3");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health");
  }

  private static Container gatewayContainer(Chart.Rendered chart) {
    return Containers.of(chart, "gateway");
  }
}
