package io.koreanllm.operator.team;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.koreanllm.operator.GatewayStandIn;
import io.koreanllm.operator.MockCluster;
import io.koreanllm.operator.Resources;
import io.koreanllm.operator.TestClock;
import io.koreanllm.operator.api.Conditions;
import io.koreanllm.operator.api.KoreanLlmTeam;
import io.koreanllm.operator.api.KoreanLlmUser;
import io.koreanllm.operator.policy.PolicyPublisher;
import io.koreanllm.operator.user.GatewayUsageSource;
import io.koreanllm.policy.Policy;
import io.koreanllm.policy.PolicyReader;
import io.koreanllm.policy.UserPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Teams in a cluster: their members follow the users that name them, their usage comes from the gateway's export,
 * and they reach the gateway's policy under {@code <namespace>/<name>}, as users do.
 */
class KoreanLlmTeamReconcilerTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private final TestClock clock = new TestClock();
  private final MockCluster cluster = new MockCluster();
  private final KubernetesClient client = cluster.client();

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void usageTodayAndThisMonthInThePolicysZoneFromTheGatewaysExport() {
    // 20:00 on the 3rd in UTC is 05:00 on the 4th in Seoul: the policy's day, not the operator's.
    clock.advance(Duration.ofDays(2).plusHours(20));
    try (GatewayStandIn gateway = new GatewayStandIn()) {
      gateway.answer("/admin/usage/export", """
          {"from":"2026-01-01","to":"2026-01-04","group":"team","rows":[
           {"day":"2026-01-01","team":"llm/research","display_name":"연구팀","requests":9,"prompt_tokens":60,
            "completion_tokens":40,"total_tokens":100},
           {"day":"2026-01-04","team":null,"display_name":null,"requests":1,"prompt_tokens":500,
            "completion_tokens":499,"total_tokens":999},
           {"day":"2026-01-04","team":"llm/research","display_name":"연구팀","requests":3,"prompt_tokens":10,
            "completion_tokens":5,"total_tokens":15}]}""");
      cluster.startOperator(clock, false,
          new GatewayUsageSource(gateway.url(), GatewayStandIn.ADMIN_KEY, Duration.ZERO), config -> { });
      client.resource(Resources.team("research", "연구팀", 2_000_000L, 30_000_000L)).create();

      KoreanLlmTeam team = awaitTeam(MockCluster.NAMESPACE, "research", t -> t.getStatus().usedToday != null);
      assertThat(team.getStatus().usedToday).isEqualTo(15L);
      assertThat(team.getStatus().usedThisMonth).isEqualTo(115L);
      assertThat(Conditions.find(team.getStatus(), Conditions.READY)).get()
          .satisfies(ready -> assertThat(ready.getStatus()).isEqualTo("True"));
      assertThat(gateway.requests()).contains(
          URI.create("/admin/usage/export?from=2026-01-01&to=2026-01-04&group=team&format=json"));

      // The gateway goes away: what was last known stays.
      gateway.answer("/admin/usage/export", null);
      int asked = gateway.requests().size();
      edit(team, t -> t.getSpec().description = "연구개발");
      awaitTeam(MockCluster.NAMESPACE, "research", t -> t.getStatus().observedGeneration == 2L);
      assertThat(gateway.requests().size()).isGreaterThan(asked);
      assertThat(team(MockCluster.NAMESPACE, "research").getStatus().usedThisMonth).isEqualTo(115L);
    }
  }

  @Test
  void membersFollowTheUsersThatNameTheTeam() {
    cluster.startOperator(clock);
    client.resource(Resources.team("a", null, 0, 0)).create();
    client.resource(Resources.team("b", null, 0, 0)).create();
    for (String name : List.of("kim", "lee", "park")) {
      KoreanLlmUser user = Resources.user(name, null, 100, null);
      user.getSpec().team = name.equals("park") ? null : "a";
      client.resource(user).create();
    }
    awaitMembers("a", "kim", "lee");
    awaitMembers("b");

    editUser("lee", u -> u.getSpec().team = "b");
    awaitMembers("a", "kim");
    awaitMembers("b", "lee");

    editUser("park", u -> u.getSpec().team = "b");
    awaitMembers("b", "lee", "park");

    client.resources(KoreanLlmUser.class).inNamespace(MockCluster.NAMESPACE).withName("kim").delete();
    awaitMembers("a");
    assertThat(team(MockCluster.NAMESPACE, "a").getStatus().usedToday).as("no usage source: not known").isNull();
  }

  @Test
  void aUserWhoseTeamDoesNotExistIsInThePolicyWithoutItUntilItDoes() {
    cluster.startOperator(clock);
    KoreanLlmUser kim = Resources.user("kim", null, 100, null);
    kim.getSpec().team = "research";
    client.resource(kim).create();

    KoreanLlmUser waiting = awaitUser("kim", "False");
    assertThat(Conditions.find(waiting.getStatus(), Conditions.READY).orElseThrow().getReason())
        .isEqualTo("TeamNotFound");
    await().atMost(WAIT).until(() -> policy().user("llm/kim").filter(u -> !u.keys().isEmpty()).isPresent());
    assertThat(policy().user("llm/kim").orElseThrow().team()).isNull();

    client.resource(Resources.team("research", "연구팀", 0, 0)).create();
    awaitUser("kim", "True");
    await().atMost(WAIT).until(() -> "llm/research".equals(policy().user("llm/kim").orElseThrow().team()));
    assertThat(policy().team("llm/research").orElseThrow().displayName()).isEqualTo("연구팀");
  }

  @Test
  void twoNamespacesEachWithAKimAndATeamOfTheSameName() {
    cluster.startOperator(clock);
    for (String namespace : List.of("a", "b")) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
          .build()).create();
      KoreanLlmTeam team = Resources.team("kim", null, namespace.equals("a") ? 1000 : 2000, 0);
      team.getMetadata().setNamespace(namespace);
      client.resource(team).create();
      KoreanLlmUser user = Resources.user("kim", null, 100, null);
      user.getMetadata().setNamespace(namespace);
      user.getSpec().team = "kim";
      client.resource(user).create();
    }

    Policy policy = await().atMost(WAIT).until(this::policy, p -> p.users().size() == 2
        && p.users().stream().allMatch(u -> u.team() != null && !u.keys().isEmpty()));
    assertThat(policy.users()).extracting(UserPolicy::name, UserPolicy::team)
        .containsExactly(tuple("a/kim", "a/kim"), tuple("b/kim", "b/kim"));
    assertThat(policy.limitsOf(policy.team("b/kim").orElseThrow()).tpd()).isEqualTo(2000);
    for (String namespace : List.of("a", "b")) {
      assertThat(awaitTeam(namespace, "kim", t -> t.getStatus().memberCount != null).getStatus().members)
          .isEqualTo("kim");
    }
  }

  private void awaitMembers(String team, String... members) {
    awaitTeam(MockCluster.NAMESPACE, team, t -> String.join(", ", members).equals(t.getStatus().members)
        && t.getStatus().memberCount == members.length);
  }

  private KoreanLlmTeam awaitTeam(String namespace, String name, Predicate<KoreanLlmTeam> condition) {
    return await().atMost(WAIT).until(() -> team(namespace, name),
        t -> t != null && t.getStatus() != null && condition.test(t));
  }

  private KoreanLlmTeam team(String namespace, String name) {
    return client.resources(KoreanLlmTeam.class).inNamespace(namespace).withName(name).get();
  }

  private KoreanLlmUser awaitUser(String name, String ready) {
    return await().atMost(WAIT).until(
        () -> client.resources(KoreanLlmUser.class).inNamespace(MockCluster.NAMESPACE).withName(name).get(),
        u -> u != null && u.getStatus() != null && Conditions.find(u.getStatus(), Conditions.READY)
            .filter(c -> ready.equals(c.getStatus())).isPresent());
  }

  /** Edits as kubectl would, again when the operator's status write got in first (409). */
  private void edit(KoreanLlmTeam team, Consumer<KoreanLlmTeam> change) {
    await().atMost(WAIT).ignoreExceptionsInstanceOf(KubernetesClientException.class).until(() -> {
      client.resources(KoreanLlmTeam.class).inNamespace(team.getMetadata().getNamespace())
          .withName(team.getMetadata().getName()).edit(t -> {
            change.accept(t);
            return t;
          });
      return true;
    });
  }

  private void editUser(String name, Consumer<KoreanLlmUser> change) {
    await().atMost(WAIT).ignoreExceptionsInstanceOf(KubernetesClientException.class).until(() -> {
      client.resources(KoreanLlmUser.class).inNamespace(MockCluster.NAMESPACE).withName(name).edit(u -> {
        change.accept(u);
        return u;
      });
      return true;
    });
  }

  private Policy policy() {
    ConfigMap map = client.configMaps().inNamespace(MockCluster.POLICY_NAMESPACE).withName("korean-llm-policy").get();
    return new PolicyReader().readString(map == null ? "users: []\n" : map.getData().get(PolicyPublisher.DATA_KEY),
        "policy");
  }
}
