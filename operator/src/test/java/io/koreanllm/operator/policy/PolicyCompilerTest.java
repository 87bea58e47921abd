package io.koreanllm.operator.policy;

import io.koreanllm.operator.Resources;
import io.koreanllm.operator.TestClock;
import io.koreanllm.operator.api.CapacitySpec;
import io.koreanllm.operator.api.EngineKind;
import io.koreanllm.operator.api.KeyHash;
import io.koreanllm.operator.api.KoreanLlmTeam;
import io.koreanllm.operator.api.KoreanLlmUser;
import io.koreanllm.operator.api.KoreanLlmUserStatus;
import io.koreanllm.operator.api.LlmBackend;
import io.koreanllm.operator.api.Priority;
import io.koreanllm.operator.api.Scheduling;
import io.koreanllm.operator.api.SharedLimits;
import io.koreanllm.policy.ApiKeys;
import io.koreanllm.policy.Capacity;
import io.koreanllm.policy.Defaults;
import io.koreanllm.policy.ModelRoute;
import io.koreanllm.policy.Policy;
import io.koreanllm.policy.PriorityClass;
import io.koreanllm.policy.SchedulingPolicy;
import io.koreanllm.policy.TeamPolicy;
import io.koreanllm.policy.UserPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * One bad or conflicting resource is left out; the rest of the policy stands. Teams, priorities, per-model limits,
 * monthly budgets and capacities reach the policy as the resources give them.
 */
class PolicyCompilerTest {

  private final TestClock clock = new TestClock();
  private final PolicyCompiler compiler = new PolicyCompiler(Defaults.BUILT_IN, clock);

  @Test
  void aSecondBackendServingTheSameNameIsLeftOutWhateverTheOrder() {
    LlmBackend first = backend("a", "qwen");
    LlmBackend second = backend("b", "qwen");
    second.getMetadata().setNamespace("zz");

    Policy policy = compiler.compile(List.of(), List.of(), List.of(second, first));

    assertThat(policy.models()).extracting(ModelRoute::backend).containsExactly("http://a.llm.svc:8000");
    assertThat(compiler.compile(List.of(), List.of(), List.of(first, second))).isEqualTo(policy);
  }

  @Test
  void conflictingOrInvalidUsersAreLeftOutAndUnservedModelsDropped() {
    KoreanLlmUser one = Resources.user("one", "같은 이름", 100, List.of("qwen", "gone"));
    KoreanLlmUser two = Resources.user("two", "같은 이름", 100, null);
    KoreanLlmUser negative = Resources.user("negative", null, -1, null);

    Policy policy = compiler.compile(List.of(), List.of(two, negative, one), List.of(backend("a", "qwen")));

    assertThat(policy.users()).extracting(UserPolicy::name).containsExactly("llm/one");
    assertThat(policy.users().get(0).models()).containsExactly("qwen");
  }

  @Test
  void aReplacedKeyLeavesThePolicyWhenItsGraceEnds() {
    KoreanLlmUser user = Resources.user("one", null, 100, null);
    user.setStatus(new KoreanLlmUserStatus());
    String expiry = clock.instant().plus(Duration.ofHours(1)).toString();
    user.getStatus().keys = List.of(new KeyHash("sk-new…", ApiKeys.sha256Hex("sk-new-key-123"), null),
        new KeyHash("sk-old…", ApiKeys.sha256Hex("sk-old-key-123"), expiry));

    assertThat(compiler.compile(List.of(), List.of(user), List.of()).users().get(0).keys()).hasSize(2);
    clock.advance(Duration.ofHours(1));
    assertThat(compiler.compile(List.of(), List.of(user), List.of()).users().get(0).keys()).singleElement()
        .satisfies(key -> assertThat(key.id()).isEqualTo("sk-new…"));
  }

  @Test
  void teamsPriorityPerModelLimitsAndMonthlyBudgetsReachThePolicy() {
    KoreanLlmTeam research = Resources.team("research", "연구팀", 2_000_000L, 30_000_000L);
    research.getSpec().modelLimits = Map.of("qwen", shared(100_000L), "gone", shared(1L));
    KoreanLlmUser kim = Resources.user("kim", "김", 100, List.of("*"));
    kim.getSpec().team = "research";
    kim.getSpec().priority = Priority.BATCH;
    kim.getSpec().limits.monthlyTokens = 5_000_000L;
    kim.getSpec().modelLimits = Map.of("qwen", shared(50_000L), "gone", shared(1L));
    KoreanLlmUser lee = Resources.user("lee", "이", 100, List.of("*"));

    Policy policy = compiler.compile(List.of(research), List.of(kim, lee), List.of(backend("a", "qwen")));

    TeamPolicy team = policy.team("llm/research").orElseThrow();
    assertThat(team.displayName()).isEqualTo("연구팀");
    assertThat(policy.limitsOf(team).tpd()).isEqualTo(2_000_000L);
    assertThat(policy.limitsOf(team).monthlyTokens()).isEqualTo(30_000_000L);
    assertThat(team.modelLimits()).as("a model no backend serves is dropped").containsOnlyKeys("qwen");
    assertThat(policy.modelLimitsOf(team, "qwen").orElseThrow().tpd()).isEqualTo(100_000L);

    UserPolicy user = policy.user("llm/kim").orElseThrow();
    assertThat(policy.teamOf(user)).contains(team);
    assertThat(policy.priorityOf(user)).isEqualTo(PriorityClass.BATCH);
    assertThat(policy.limitsOf(user).monthlyTokens()).isEqualTo(5_000_000L);
    assertThat(user.modelLimits()).containsOnlyKeys("qwen");
    assertThat(policy.modelLimitsOf(user, "qwen").orElseThrow().tpd()).isEqualTo(50_000L);

    UserPolicy other = policy.user("llm/lee").orElseThrow();
    assertThat(other.team()).isNull();
    assertThat(policy.priorityOf(other)).as("the default").isEqualTo(PriorityClass.INTERACTIVE);
  }

  @Test
  void aUserWhoseTeamIsMissingOrInvalidStaysWithoutIt() {
    KoreanLlmUser kim = Resources.user("kim", null, 100, null);
    kim.getSpec().team = "nowhere";
    KoreanLlmTeam broken = Resources.team("broken", null, -1, 0);
    KoreanLlmUser lee = Resources.user("lee", null, 100, null);
    lee.getSpec().team = "broken";

    Policy policy = compiler.compile(List.of(broken), List.of(kim, lee), List.of());

    assertThat(policy.teams()).isEmpty();
    assertThat(policy.users()).extracting(UserPolicy::name, UserPolicy::team)
        .containsExactly(tuple("llm/kim", null), tuple("llm/lee", null));
  }

  @Test
  void usersAndTeamsAreNamedByNamespaceSoTwoNamespacesMayBothHaveAKim() {
    List<KoreanLlmTeam> teams = new ArrayList<>();
    List<KoreanLlmUser> users = new ArrayList<>();
    for (String namespace : List.of("b", "a")) {
      KoreanLlmTeam team = Resources.team("kim", null, 1000L * namespace.charAt(0), 0);
      team.getMetadata().setNamespace(namespace);
      teams.add(team);
      KoreanLlmUser user = Resources.user("kim", null, 100, null);
      user.getMetadata().setNamespace(namespace);
      user.getSpec().team = "kim";
      users.add(user);
    }

    Policy policy = compiler.compile(teams, users, List.of());

    assertThat(policy.teams()).extracting(TeamPolicy::name).containsExactly("a/kim", "b/kim");
    assertThat(policy.users()).extracting(UserPolicy::name, UserPolicy::displayName, UserPolicy::team)
        .containsExactly(tuple("a/kim", "a/kim", "a/kim"), tuple("b/kim", "b/kim", "b/kim"));
    assertThat(policy.limitsOf(policy.teamOf(policy.user("b/kim").orElseThrow()).orElseThrow()).tpd())
        .isEqualTo(1000L * 'b');
  }

  @Test
  void aModelsCapacityIsTheSpecsElseTheEnginesRunningLimitTimesItsReplicas() {
    LlmBackend given = Resources.backend("given", EngineKind.SGLANG, "Qwen/Qwen2.5-3B-Instruct", "rtx4060-8gb");
    given.getSpec().capacity = new CapacitySpec();
    given.getSpec().capacity.maxRunningRequests = 4;
    given.getSpec().capacity.maxTokensInFlight = 20_000L;
    LlmBackend profile = Resources.backend("profile", EngineKind.SGLANG, "Qwen/Qwen2.5-3B-Instruct", "rtx4060-8gb");
    profile.getSpec().replicas = 2;
    LlmBackend vllm = backend("vllm", "vllm");
    vllm.getSpec().extraArgs = List.of("--max-num-seqs", "64");
    vllm.getSpec().schedulingPolicy = Scheduling.PRIORITY;
    LlmBackend external = Resources.backend("external", EngineKind.SGLANG, "Qwen/Qwen2.5-3B-Instruct", "rtx4060-8gb");
    external.getSpec().externalUrl = "http://gpu-box.lan:8000";
    external.getSpec().upstreamModel = "Qwen/Qwen2.5-3B-Instruct";

    Policy policy = compiler.compile(List.of(), List.of(), List.of(given, profile, vllm, external));

    assertThat(policy.model("given").orElseThrow().capacity()).isEqualTo(new Capacity(4, 20_000L));
    assertThat(policy.model("profile").orElseThrow().capacity()).isEqualTo(new Capacity(32, 0));
    assertThat(policy.model("vllm").orElseThrow().capacity()).isEqualTo(new Capacity(64, 0));
    assertThat(policy.model("vllm").orElseThrow().scheduling()).isEqualTo(SchedulingPolicy.PRIORITY);
    ModelRoute route = policy.model("external").orElseThrow();
    assertThat(route.capacity()).isEqualTo(Capacity.NONE);
    assertThat(route.upstreamModel()).isEqualTo("Qwen/Qwen2.5-3B-Instruct");
    assertThat(route.scheduling()).isEqualTo(SchedulingPolicy.FCFS);
    assertThat(policy.model("given").orElseThrow().upstreamModel()).isEqualTo("given");
  }

  @Test
  void prioritySchedulingOnAnEngineOtherThanVllmLeavesTheBackendOut() {
    LlmBackend sglang = Resources.backend("sglang", EngineKind.SGLANG, "Qwen/Qwen2.5-3B-Instruct", null);
    sglang.getSpec().schedulingPolicy = Scheduling.PRIORITY;

    assertThat(compiler.compile(List.of(), List.of(), List.of(sglang)).models()).isEmpty();
  }

  private static SharedLimits shared(long tpd) {
    SharedLimits limits = new SharedLimits();
    limits.tpd = tpd;
    return limits;
  }

  private static LlmBackend backend(String name, String served) {
    LlmBackend backend = Resources.backend(name, EngineKind.VLLM, "Qwen/Qwen2.5-3B-Instruct", null);
    backend.getSpec().servedModelName = served;
    return backend;
  }
}
