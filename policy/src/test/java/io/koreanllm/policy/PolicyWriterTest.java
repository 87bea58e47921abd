package io.koreanllm.policy;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyWriterTest {

  private final PolicyReader reader = new PolicyReader();
  private final PolicyWriter writer = new PolicyWriter();

  /** Every field filled, and strings a careless writer would turn into numbers, booleans or aliases. */
  private static Policy everything() {
    return new Policy(
        new Defaults(new Limits(30, 5000, 300_000L, 500_000L, 0, 8, 4096, 9_000_000L), ZoneId.of("+09:00"),
            PriorityClass.BATCH),
        List.of(
            new TeamPolicy("llm/research", "연구팀", "모델: \"평가\" # 팀", new Limits(1, 2, 3L, 4L, null, 6, null, 8L),
                Map.of("qwen:7b", new Limits(null, 20, null, null, null, null, null, 30L),
                    "korean-qwen", new Limits(1, null, null, null, null, null, null))),
            new TeamPolicy("false", null, null, null, null)),
        List.of(
            new UserPolicy("1234", "true", "null", new Limits(1, 2, 3L, 4L, 5, 6, 7, 8L), List.of("*"),
                List.of(ApiKey.fromPlainKey("sk-number-user-key")), true, "false", PriorityClass.INTERACTIVE,
                Map.of("korean-qwen", new Limits(null, 100, null, null, null, 1, null, 1000L))),
            new UserPolicy("llm/사용자1", null, "일반 사용자: \"따옴표\" # 해시", Limits.NONE, List.of("korean-qwen", "qwen:7b"),
                List.of(ApiKey.fromPlainKey("sk-user1-korean-key-def"), ApiKey.fromPlainKey("sk-user1-second-key")), false,
                "llm/research", PriorityClass.BATCH, null)),
        List.of(
            new ModelRoute("korean-qwen", "http://127.0.0.1:8000", Engine.SGLANG, "Qwen/Qwen2.5-3B-Instruct", 8192,
                "Qwen/Qwen2.5-3B-Instruct", new Capacity(16, 32768), SchedulingPolicy.FCFS),
            new ModelRoute("qwen:7b", "https://qwen.example:8443/base", Engine.VLLM, "/models/qwen/tokenizer.json", 32768,
                "1.5", new Capacity(0, 4096), SchedulingPolicy.PRIORITY)));
  }

  @Test
  void yamlReadsBackEqual() {
    Policy policy = everything();

    assertThat(reader.readString(writer.toYaml(policy), "written.yaml")).isEqualTo(policy);
  }

  @Test
  void jsonReadsBackEqual() {
    Policy policy = everything();

    assertThat(reader.readString(writer.toJson(policy), "written.json")).isEqualTo(policy);
  }

  @Test
  void theShippedConfigReadsBackEqual() {
    Policy policy = reader.read(Path.of("../config/users.yaml"), Path.of("../config/models.yaml"));

    assertThat(reader.readString(writer.toYaml(policy), "written.yaml")).isEqualTo(policy);
    assertThat(reader.readString(writer.toJson(policy), "written.json")).isEqualTo(policy);
  }

  @Test
  void outputDoesNotDependOnTheOrderOfTheInput() {
    Policy ordered = reader.readString("""
        teams:
          - {name: t1, modelLimits: {m1: {tpm: 1}, m2: {rpm: 2, tpm: 3}}}
          - {name: t2}
        users:
          - {name: a, models: [m1, m2], keys: [sk-first-secret-key, sk-second-secret-key], modelLimits: {m1: {}, m2: {}}}
          - {name: b, limits: {tpm: 1, rpm: 2}, team: t1}
        models:
          - {name: m1, backend: "http://h", engine: vllm, tokenizer: t, contextLength: 1}
          - {name: m2, backend: "http://h", engine: vllm, tokenizer: t, contextLength: 1}
        """, "ordered.yaml");
    Policy shuffled = reader.readString("""
        models:
          - {contextLength: 1, tokenizer: t, engine: vllm, backend: "http://h/", name: m2}
          - {name: m1, backend: "http://h", engine: vllm, tokenizer: t, contextLength: 1}
        users:
          - {team: t1, limits: {rpm: 2, tpm: 1}, name: b}
          - {modelLimits: {m2: {}, m1: {}}, keys: [{key: sk-second-secret-key}, sk-first-secret-key], models: [m2, m1], name: a}
        teams:
          - {name: t2}
          - {modelLimits: {m2: {tpm: 3, rpm: 2}, m1: {tpm: 1}}, name: t1}
        """, "shuffled.yaml");

    assertThat(writer.toYaml(shuffled)).isEqualTo(writer.toYaml(ordered));
    assertThat(writer.toJson(shuffled)).isEqualTo(writer.toJson(ordered));
  }

  @Test
  void yamlHasAStableShapeWithoutNulls() {
    Policy policy = new Policy(Defaults.BUILT_IN,
        List.of(new UserPolicy("user1", "사용자1", null, new Limits(40, null, null, null, null, null, null), null,
            List.of(ApiKey.fromPlainKey("sk-user1-korean-key-def")), false)),
        List.of(new ModelRoute("korean-qwen", "http://127.0.0.1:8000", Engine.SGLANG, "qwen3", 8192)));

    assertThat(writer.toYaml(policy)).isEqualTo("""
        defaults:
          limits:
            rpm: 30
            tpm: 5000
            tph: 300000
            tpd: 500000
            cooldownMinutes: 0
          dailyResetZone: "Asia/Seoul"
        users:
        - name: "user1"
          displayName: "사용자1"
          limits:
            rpm: 40
          models:
          - "*"
          keys:
          - id: "sk-user1…def"
            sha256: "4ffdce247e0ea50c62615b0b8e966994579c191b1778110e5e5a592dfc69b08a"
          suspended: false
        models:
        - name: "korean-qwen"
          backend: "http://127.0.0.1:8000"
          engine: "sglang"
          tokenizer: "qwen3"
          contextLength: 8192
        """);
  }

  @Test
  void teamsPrioritiesPerModelLimitsAndCapacityHaveAStableShape() {
    Policy policy = new Policy(Defaults.of(new Limits(null, null, null, null, null, null, null, 20_000_000L), null,
        PriorityClass.BATCH),
        List.of(new TeamPolicy("llm/research", "연구팀", null, new Limits(null, 40000, null, 2_000_000L, null, null, null,
            40_000_000L), Map.of("korean-qwen", new Limits(null, 5000, null, null, null, null, null)))),
        List.of(new UserPolicy("llm/kim", "김연구", null, null, null, null, false, "llm/research", PriorityClass.INTERACTIVE,
            Map.of("korean-qwen", new Limits(null, 3000, null, null, null, null, null)))),
        List.of(new ModelRoute("korean-qwen", "http://qwen.llm.svc:8000", Engine.VLLM, "qwen3", 8192,
            "Qwen/Qwen2.5-3B-Instruct", new Capacity(16, 0), SchedulingPolicy.PRIORITY)));

    assertThat(writer.toYaml(policy)).isEqualTo("""
        defaults:
          limits:
            rpm: 30
            tpm: 5000
            tph: 300000
            tpd: 500000
            monthlyTokens: 20000000
            cooldownMinutes: 0
          dailyResetZone: "Asia/Seoul"
          priority: "batch"
        teams:
        - name: "llm/research"
          displayName: "연구팀"
          limits:
            tpm: 40000
            tpd: 2000000
            monthlyTokens: 40000000
          modelLimits:
            korean-qwen:
              tpm: 5000
        users:
        - name: "llm/kim"
          displayName: "김연구"
          team: "llm/research"
          priority: "interactive"
          limits: {}
          modelLimits:
            korean-qwen:
              tpm: 3000
          models:
          - "*"
          keys: []
          suspended: false
        models:
        - name: "korean-qwen"
          backend: "http://qwen.llm.svc:8000"
          engine: "vllm"
          tokenizer: "qwen3"
          contextLength: 8192
          upstreamModel: "Qwen/Qwen2.5-3B-Instruct"
          capacity:
            requests: 16
            tokens: 0
          scheduling: "priority"
        """);
  }

  @Test
  void writtenDocumentsHoldNoPlainKey() {
    Policy policy = everything();

    for (String written : List.of(writer.toYaml(policy), writer.toJson(policy), policy.toString())) {
      assertThat(written).doesNotContain("sk-user1-korean-key-def", "sk-user1-second-key", "sk-number-user-key")
          .contains(ApiKeys.sha256Hex("sk-user1-korean-key-def"));
    }
  }
}
