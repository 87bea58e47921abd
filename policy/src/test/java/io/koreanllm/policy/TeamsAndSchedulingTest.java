package io.koreanllm.policy;

import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What issues 14, 16 and 17 added to the policy: teams and their members, per-model limits, monthly budgets,
 * priority classes, and a model's upstream name, capacity and scheduling; read from a document and built in code.
 */
class TeamsAndSchedulingTest {

  private static final String DOCUMENT = """
      defaults:
        limits: {tpm: 5000, monthlyTokens: 20000000}
        dailyResetZone: Asia/Seoul
        priority: batch
      teams:
        - name: llm/research
          displayName: 연구팀
          description: 모델 평가
          limits: {rpm: 200, tpm: 40000, tph: 1000000, tpd: 2000000, monthlyTokens: 40000000, maxConcurrent: 24}
          modelLimits: {korean-llama: {tpm: 20000}, korean-qwen: {tpm: 5000, monthlyTokens: 1000000}}
        - name: interns
      users:
        - name: llm/kim
          displayName: 김연구
          team: llm/research
          priority: interactive
          limits: {tpd: 1000000, monthlyTokens: 10000000}
          modelLimits: {korean-qwen: {tpm: 3000}}
        - name: other/kim
          displayName: 김인턴
          team: interns
        - name: lee
      models:
        - name: korean-qwen
          backend: http://qwen.llm.svc:8000
          engine: sglang
          tokenizer: qwen3
          contextLength: 8192
          upstreamModel: Qwen/Qwen2.5-3B-Instruct
          capacity: {requests: 16, tokens: 32768}
        - name: korean-llama
          backend: http://llama.llm.svc:8000
          engine: vllm
          tokenizer: llama3
          contextLength: 2048
          capacity: {requests: 16}
          scheduling: priority
      """;

  private final Policy policy = new PolicyReader().readString(DOCUMENT, "teams.yaml");

  @Test
  void teamsAreReadWithTheirOwnLimitsWhichInheritNothing() {
    assertThat(policy.teams()).extracting(TeamPolicy::name).containsExactly("interns", "llm/research");
    TeamPolicy research = policy.team("llm/research").orElseThrow();
    assertThat(research.displayName()).isEqualTo("연구팀");
    assertThat(research.description()).isEqualTo("모델 평가");
    assertThat(policy.limitsOf(research)).isEqualTo(new EffectiveLimits(200, 40000, 1_000_000, 2_000_000, 0, 24, 0,
        40_000_000));
    // A team without limits is not limited at all, whatever the defaults say.
    TeamPolicy interns = policy.team("interns").orElseThrow();
    assertThat(interns.displayName()).isEqualTo("interns");
    assertThat(policy.limitsOf(interns)).isEqualTo(new EffectiveLimits(0, 0, 0, 0, 0, 0, 0, 0));
    assertThat(policy.team("nobody")).isEmpty();
  }

  @Test
  void perModelLimitsAreOnTopAndInheritNothing() {
    TeamPolicy research = policy.team("llm/research").orElseThrow();
    assertThat(research.modelLimits()).containsOnlyKeys("korean-llama", "korean-qwen");
    assertThat(policy.modelLimitsOf(research, "korean-qwen"))
        .contains(new EffectiveLimits(0, 5000, 0, 0, 0, 0, 0, 1_000_000));
    assertThat(policy.modelLimitsOf(research, "korean-llama")).contains(new EffectiveLimits(0, 20000, 0, 0, 0, 0, 0, 0));
    assertThat(policy.modelLimitsOf(policy.team("interns").orElseThrow(), "korean-qwen")).isEmpty();

    UserPolicy kim = policy.user("llm/kim").orElseThrow();
    // the user's overall limits inherit the defaults; the per-model entry does not
    assertThat(policy.limitsOf(kim)).isEqualTo(new EffectiveLimits(30, 5000, 300_000, 1_000_000, 0, 0, 0, 10_000_000));
    assertThat(policy.modelLimitsOf(kim, "korean-qwen")).contains(new EffectiveLimits(0, 3000, 0, 0, 0, 0, 0, 0));
    assertThat(policy.modelLimitsOf(kim, "korean-llama")).isEmpty();
  }

  @Test
  void membersPrioritiesAndMonthlyBudgetsWithTheirDefaults() {
    UserPolicy kim = policy.user("llm/kim").orElseThrow();
    UserPolicy otherKim = policy.user("other/kim").orElseThrow();
    UserPolicy lee = policy.user("lee").orElseThrow();

    assertThat(policy.teamOf(kim)).contains(policy.team("llm/research").orElseThrow());
    assertThat(policy.teamOf(otherKim)).contains(policy.team("interns").orElseThrow());
    assertThat(policy.teamOf(lee)).isEmpty();
    assertThat(policy.priorityOf(kim)).isEqualTo(PriorityClass.INTERACTIVE);
    assertThat(kim.priority()).isEqualTo(PriorityClass.INTERACTIVE);
    assertThat(otherKim.priority()).as("not given: the default applies").isNull();
    assertThat(policy.priorityOf(otherKim)).isEqualTo(PriorityClass.BATCH);
    assertThat(policy.limitsOf(lee).monthlyTokens()).as("the default").isEqualTo(20_000_000);
    assertThat(policy.defaults()).isEqualTo(new Defaults(new Limits(30, 5000, 300_000L, 500_000L, 0, null, null,
        20_000_000L), ZoneId.of("Asia/Seoul"), PriorityClass.BATCH));
  }

  @Test
  void twoUsersOfOneNameInTwoNamespacesAreDistinct() {
    assertThat(policy.users()).extracting(UserPolicy::name).containsExactly("lee", "llm/kim", "other/kim");
    assertThat(policy.user("llm/kim")).isNotEqualTo(policy.user("other/kim"));
    assertThat(policy.user("kim")).as("a name is matched whole").isEmpty();
  }

  @Test
  void modelsCarryTheirUpstreamNameCapacityAndScheduling() {
    ModelRoute qwen = policy.model("korean-qwen").orElseThrow();
    assertThat(qwen.upstreamModel()).isEqualTo("Qwen/Qwen2.5-3B-Instruct");
    assertThat(qwen.capacity()).isEqualTo(new Capacity(16, 32768));
    assertThat(qwen.scheduling()).isEqualTo(SchedulingPolicy.FCFS);
    ModelRoute llama = policy.model("korean-llama").orElseThrow();
    assertThat(llama.upstreamModel()).as("the model's own name by default").isEqualTo("korean-llama");
    assertThat(llama.capacity()).isEqualTo(new Capacity(16, 0));
    assertThat(llama.capacity().limited()).isTrue();
    assertThat(llama.scheduling()).isEqualTo(SchedulingPolicy.PRIORITY);
  }

  @Test
  void whatOlderCodeBuildsStillMeansWhatItDid() {
    ModelRoute plain = new ModelRoute("m", "http://h", Engine.SGLANG, "t", 1);
    assertThat(plain).isEqualTo(new ModelRoute("m", "http://h", Engine.SGLANG, "t", 1, "m", Capacity.NONE,
        SchedulingPolicy.FCFS));
    assertThat(plain.capacity().limited()).isFalse();
    UserPolicy user = new UserPolicy("a", null, null, null, null, null, false);
    assertThat(user.team()).isNull();
    assertThat(user.priority()).isNull();
    assertThat(user.modelLimits()).isEmpty();
    assertThat(new EffectiveLimits(1, 2, 3, 4, 5, 6, 7).monthlyTokens()).isZero();
    assertThat(new Limits(1, 2, 3L, 4L, 5, 6, 7).monthlyTokens()).isNull();
    assertThat(new Defaults(Defaults.BUILT_IN_LIMITS, Defaults.KOREA).priority()).isEqualTo(PriorityClass.INTERACTIVE);
    Policy withoutTeams = new Policy(Defaults.BUILT_IN, List.of(user), List.of(plain));
    assertThat(withoutTeams.teams()).isEmpty();
    assertThat(withoutTeams.priorityOf(user)).isEqualTo(PriorityClass.INTERACTIVE);
  }

  @Test
  void modelLimitsAreSortedAndCannotBeChanged() {
    Map<String, Limits> given = new LinkedHashMap<>();
    given.put("z-model", new Limits(null, 1, null, null, null, null, null));
    given.put("a-model", new Limits(null, 2, null, null, null, null, null));
    UserPolicy user = new UserPolicy("a", null, null, null, null, null, false, null, null, given);
    TeamPolicy team = new TeamPolicy("t", null, null, null, given);

    assertThat(user.modelLimits().keySet()).containsExactly("a-model", "z-model");
    assertThat(team.modelLimits().keySet()).containsExactly("a-model", "z-model");
    given.clear();
    assertThat(user.modelLimits()).hasSize(2);
    assertThatThrownBy(() -> user.modelLimits().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> team.modelLimits().put("b", Limits.NONE)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void recordsRejectWhatTheReaderWouldReject() {
    Limits withCooldown = new Limits(null, null, null, null, 5, null, null);
    assertThatThrownBy(() -> new TeamPolicy("t", null, null, withCooldown, null))
        .hasMessage("limits: cooldownMinutes can be given only in a user's own limits");
    assertThatThrownBy(() -> new UserPolicy("a", null, null, null, null, null, false, null, null,
        Map.of("m", new Limits(null, null, null, null, null, null, 100))))
        .hasMessage("modelLimits.m: maxTokensPerRequest can be given only in a user's own limits");
    assertThatThrownBy(() -> new UserPolicy("a", null, null, null, null, null, false, null, null,
        Map.of("bad name", Limits.NONE))).hasMessageStartingWith("modelLimits: must be 1–128 characters");
    assertThatThrownBy(() -> new UserPolicy("a", null, null, null, null, null, false, "x/y/z", null, null))
        .hasMessageStartingWith("team: must contain at most one '/'");
    assertThatThrownBy(() -> new TeamPolicy("", null, null, null, null)).hasMessage("name: must not be blank");
    assertThatThrownBy(() -> new Limits(null, null, null, null, null, null, null, -1L))
        .hasMessage("monthlyTokens: must be ≥ 0 (was -1)");
    assertThatThrownBy(() -> new Capacity(-1, 0)).hasMessage("capacity.requests: must be ≥ 0 (was -1)");
    assertThatThrownBy(() -> new Capacity(0, -1)).hasMessage("capacity.tokens: must be ≥ 0 (was -1)");
    assertThatThrownBy(() -> new ModelRoute("m", "http://h", Engine.SGLANG, "t", 1, null, null, SchedulingPolicy.PRIORITY))
        .hasMessage("scheduling: priority needs engine vllm, started with --scheduling-policy priority (engine is sglang)");
    assertThatThrownBy(() -> new ModelRoute("m", "http://h", Engine.VLLM, "t", 1, "bad name", null, null))
        .hasMessageStartingWith("upstreamModel: must be 1–128 characters");
  }

  @Test
  void aPolicyBuiltInCodeChecksTeamsLikeARead() {
    TeamPolicy research = new TeamPolicy("research", null, null, null, Map.of("korean-llama", Limits.NONE));
    UserPolicy stray = new UserPolicy("a", null, null, null, null, null, false, "dev", null,
        Map.of("korean-llama", Limits.NONE));
    ModelRoute qwen = new ModelRoute("korean-qwen", "http://h", Engine.SGLANG, "qwen3", 8192);

    assertThatThrownBy(() -> new Policy(Defaults.BUILT_IN, List.of(research, research), List.of(stray), List.of(qwen)))
        .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.problems()).extracting(Object::toString)
            .containsExactly(
                "Policy: teams[1]: duplicate team name 'research' (also teams[0])",
                "Policy: teams[0].modelLimits.korean-llama: model 'korean-llama' is not defined; defined models: korean-qwen",
                "Policy: teams[1].modelLimits.korean-llama: model 'korean-llama' is not defined; defined models: korean-qwen",
                "Policy: users[0].team: team 'dev' is not defined; defined teams: research",
                "Policy: users[0].modelLimits.korean-llama: model 'korean-llama' is not defined; defined models: korean-qwen"));
  }

  @Test
  void enumIdsAreLowerCaseAndReadIgnoringCase() {
    assertThat(PriorityClass.INTERACTIVE.id()).isEqualTo("interactive");
    assertThat(PriorityClass.fromId("Batch")).contains(PriorityClass.BATCH);
    assertThat(PriorityClass.fromId("urgent")).isEmpty();
    assertThat(SchedulingPolicy.PRIORITY.id()).isEqualTo("priority");
    assertThat(SchedulingPolicy.fromId("FCFS")).contains(SchedulingPolicy.FCFS);
    assertThat(SchedulingPolicy.fromId("lifo")).isEmpty();
  }
}
