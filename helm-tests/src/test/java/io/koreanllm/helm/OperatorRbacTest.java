package io.koreanllm.helm;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.koreanllm.operator.MockCluster;
import io.koreanllm.operator.Resources;
import io.koreanllm.operator.api.ApiKeySpec;
import io.koreanllm.operator.api.Conditions;
import io.koreanllm.operator.api.EngineKind;
import io.koreanllm.operator.api.KoreanLlmTeam;
import io.koreanllm.operator.api.KoreanLlmUser;
import io.koreanllm.operator.api.LlmBackend;
import io.koreanllm.operator.api.SecretKeyRef;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator's RBAC in the chart is exactly what its code uses. The real operator runs against a mock API server
 * through a scenario (both kinds created, changed and deleted, a key rotation, a referenced key, a crashing pod,
 * hand edits of a Service, a NetworkPolicy and the policy, leader election), then once more with server-side apply as in a
 * cluster; every request it makes is mapped to the RBAC permission it needs, and the chart must grant those and no
 * other.
 */
class OperatorRbacTest {

  private static final String NS = MockCluster.NAMESPACE;
  private static final Duration WAIT = Duration.ofSeconds(20);

  /** Granted though the operator never sends such a request; each says why it is needed all the same. */
  private static final Set<String> UNOBSERVED_BUT_NEEDED = Set.of(
      // JOSDK's LeaderElectionManager checks with a SelfSubjectRulesReview that it may create, get and update its
      // Lease, and refuses to start otherwise; fabric8's leader elector then patches it instead of updating.
      "coordination.k8s.io/leases update",
      // An operator started with NETWORK_POLICIES=false removes the backends' NetworkPolicies it made before
      // (owner references remove them only with their backend); the scenario runs with them on.
      "networking.k8s.io/networkpolicies delete");

  @Test
  void theChartGrantsTheOperatorExactlyWhatItsCodeUses() {
    List<ApiRequest> used = new ArrayList<>(everyPathWithPlainWrites());
    used.addAll(serverSideApplyWrites());
    RbacCheck.assertGrantsExactly(Chart.render(Map.of()), Chart.PREFIX + "operator", used, UNOBSERVED_BUT_NEEDED);
  }

  /**
   * The whole scenario, with JOSDK creating and updating by POST and PUT: the mock cannot serve server-side apply,
   * so this is how every path of the code can run to its end here.
   */
  private static List<ApiRequest> everyPathWithPlainWrites() {
    try (MockCluster cluster = new MockCluster(); KubernetesClient test = RbacCheck.testClient(cluster)) {
      cluster.takeRequests();
      cluster.startOperator(Clock.systemUTC(), true, config -> { });
      runScenario(test);
      cluster.stopOperator();
      return RbacCheck.programRequests(cluster);
    }
  }

  /**
   * What the operator sends as it runs in a cluster, where JOSDK applies (server-side apply: a PATCH) dependents
   * and status instead. The mock answers those with errors, so only a backend's and a user's first writes are seen,
   * until each applied kind has been applied once; the API server authorises an apply that creates an object as
   * create too, which the plain run already needs.
   */
  private static List<ApiRequest> serverSideApplyWrites() {
    List<ApiRequest> used = new ArrayList<>();
    // JOSDK never applies Secrets (nor ConfigMaps): it creates and updates them as in the plain run.
    Set<String> applied = Set.of("apps/deployments patch", "core/services patch",
        "networking.k8s.io/networkpolicies patch");
    try (MockCluster cluster = new MockCluster(); KubernetesClient test = RbacCheck.testClient(cluster)) {
      cluster.takeRequests();
      cluster.startOperator(Clock.systemUTC(), true, config -> config
          .withSSABasedCreateUpdateMatchForDependentResources(true).withUseSSAToPatchPrimaryResource(true));
      test.resource(Resources.backend("qwen", EngineKind.SGLANG, "Qwen/Qwen2.5-3B-Instruct", null)).create();
      test.resource(Resources.user("user1", "사용자1", 8000, List.of("*"))).create();
      await().atMost(WAIT).until(() -> {
        used.addAll(RbacCheck.programRequests(cluster));
        return used.stream().map(ApiRequest::permission).collect(Collectors.toSet()).containsAll(applied);
      });
      cluster.stopOperator();
      used.addAll(RbacCheck.programRequests(cluster));
    }
    return used;
  }

  private static void runScenario(KubernetesClient test) {
    Lease lease = await().atMost(WAIT).until(() -> test.leases().inNamespace(test.getNamespace())
        .withName(MockCluster.LEASE).get(), l -> l != null);

    // A backend: created, becoming ready, scaled, its pod crashing.
    LlmBackend applied = Resources.backend("qwen", EngineKind.SGLANG, "Qwen/Qwen2.5-3B-Instruct", "rtx4060-8gb");
    test.resource(applied).create();
    Deployment deployment = await().atMost(WAIT).until(() -> deployment(test), d -> d != null);
    retrying(() -> test.apps().deployments().inNamespace(NS).withName("qwen").editStatus(d -> {
      d.setStatus(new DeploymentStatusBuilder().withReplicas(1).withReadyReplicas(1).build());
      return d;
    }));
    awaitBackend(test, b -> condition(b.getStatus().conditions, Conditions.READY, "True"));
    retrying(() -> test.resources(LlmBackend.class).inNamespace(NS).withName("qwen").edit(b -> {
      b.getSpec().replicas = 2;
      return b;
    }));
    await().atMost(WAIT).until(() -> deployment(test), d -> d.getSpec().getReplicas() == 2);
    test.pods().resource(new PodBuilder().withNewMetadata().withName("qwen-pod").withNamespace(NS)
        .withLabels(deployment.getSpec().getTemplate().getMetadata().getLabels()).endMetadata()
        .withSpec(deployment.getSpec().getTemplate().getSpec()).build()).create();
    retrying(() -> test.pods().inNamespace(NS).withName("qwen-pod").editStatus(p -> {
      p.setStatus(new PodStatusBuilder().addNewContainerStatus().withName("sglang")
          .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
          .endContainerStatus().build());
      return p;
    }));
    awaitBackend(test, b -> condition(b.getStatus().conditions, Conditions.DEGRADED, "True"));
    // Someone edits the backend's Service by hand: the operator puts it back.
    retrying(() -> test.services().inNamespace(NS).withName("qwen").edit(s -> {
      s.getSpec().getPorts().get(0).setPort(9000);
      return s;
    }));
    await().atMost(WAIT).until(() -> test.services().inNamespace(NS).withName("qwen").get(),
        s -> s.getSpec().getPorts().get(0).getPort() == 8000);
    // Someone opens the backend's NetworkPolicy to every pod: the operator closes it again.
    retrying(() -> test.network().v1().networkPolicies().inNamespace(NS).withName("qwen").edit(p -> {
      p.getSpec().setIngress(List.of(new NetworkPolicyIngressRule()));
      return p;
    }));
    await().atMost(WAIT).until(() -> test.network().v1().networkPolicies().inNamespace(NS).withName("qwen").get(),
        p -> p.getSpec().getIngress().size() == 2 && !p.getSpec().getIngress().get(0).getFrom().isEmpty());

    // Users: one with a generated key, changed and rotated; one bringing its own Secret.
    test.resource(Resources.user("user1", "사용자1", 8000, List.of("*"))).create();
    await().atMost(WAIT).until(() -> test.secrets().inNamespace(NS).withName("user1-api-key").get() != null);
    retrying(() -> test.resources(KoreanLlmUser.class).inNamespace(NS).withName("user1").edit(u -> {
      u.getSpec().limits.tpm = 9000;
      return u;
    }));
    awaitPolicy(test, policy -> policy.contains("9000"));
    retrying(() -> test.resources(KoreanLlmUser.class).inNamespace(NS).withName("user1").edit(u -> {
      u.getMetadata().getAnnotations().put("koreanllm.io/rotate-key", "rbac-test");
      return u;
    }));
    await().atMost(WAIT).until(() -> test.resources(KoreanLlmUser.class).inNamespace(NS).withName("user1").get(),
        u -> u.getStatus() != null && "rbac-test".equals(u.getStatus().lastRotation));
    test.resource(new SecretBuilder().withNewMetadata().withName("bob-key").withNamespace(NS).endMetadata()
        .withData(Map.of("token", Base64.getEncoder().encodeToString("sk-bob-brings-his-own-key-012345".getBytes())))
        .build()).create();
    KoreanLlmUser bob = Resources.user("bob", "밥", 3000, List.of("*"));
    bob.getSpec().apiKey = new ApiKeySpec();
    bob.getSpec().apiKey.secretRef = new SecretKeyRef("bob-key", "token");
    test.resource(bob).create();
    await().atMost(WAIT).until(() -> test.resources(KoreanLlmUser.class).inNamespace(NS).withName("bob").get(),
        u -> u.getStatus() != null && condition(u.getStatus().conditions, Conditions.READY, "True"));

    // A team: its status lists its members.
    test.resource(Resources.team("research", "연구팀", 0, 0)).create();
    await().atMost(WAIT).until(() -> test.resources(KoreanLlmTeam.class).inNamespace(NS).withName("research").get(),
        t -> t != null && t.getStatus() != null);

    // Someone edits the policy by hand: the operator puts it back.
    retrying(() -> test.configMaps().inNamespace(MockCluster.POLICY_NAMESPACE).withName("korean-llm-policy")
        .edit(c -> {
          c.getData().put("policy.yaml", "users: []\n");
          return c;
        }));
    awaitPolicy(test, policy -> policy.contains("user1"));

    // Everything deleted: the policy empties.
    test.resources(KoreanLlmUser.class).inNamespace(NS).delete();
    test.resources(LlmBackend.class).inNamespace(NS).delete();
    awaitPolicy(test, policy -> !policy.contains("user1") && !policy.contains("qwen.llm.svc"));

    // Leader election renews its Lease.
    await().atMost(WAIT).until(() -> test.leases().inNamespace(test.getNamespace()).withName(MockCluster.LEASE)
        .get(), l -> !l.getSpec().getRenewTime().equals(lease.getSpec().getRenewTime()));
  }

  /**
   * A test's edit, repeated while it conflicts: the operator writes the same objects meanwhile (status, the
   * policy), and an edit sends the resourceVersion it read.
   */
  private static void retrying(Runnable edit) {
    await().atMost(WAIT).ignoreException(KubernetesClientException.class).until(() -> {
      edit.run();
      return true;
    });
  }

  private static Deployment deployment(KubernetesClient client) {
    return client.apps().deployments().inNamespace(NS).withName("qwen").get();
  }

  private static void awaitBackend(KubernetesClient client, Predicate<LlmBackend> condition) {
    await().atMost(WAIT).until(() -> client.resources(LlmBackend.class).inNamespace(NS).withName("qwen").get(),
        b -> b.getStatus() != null && condition.test(b));
  }

  private static void awaitPolicy(KubernetesClient client, Predicate<String> condition) {
    Callable<String> policy = () -> Optional.ofNullable(client.configMaps().inNamespace(MockCluster.POLICY_NAMESPACE)
        .withName("korean-llm-policy").get()).map(c -> c.getData().get("policy.yaml")).orElse("");
    await().atMost(WAIT).until(policy, condition::test);
  }

  private static boolean condition(List<Condition> conditions, String type,
      String status) {
    return conditions != null && conditions.stream().anyMatch(c -> type.equals(c.getType())
        && status.equals(c.getStatus()));
  }
}
