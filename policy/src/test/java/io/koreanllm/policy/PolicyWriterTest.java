package io.koreanllm.policy;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyWriterTest {

  private final PolicyReader reader = new PolicyReader();
  private final PolicyWriter writer = new PolicyWriter();

  /** Every field filled, and strings a careless writer would turn into numbers, booleans or aliases. */
  private static Policy everything() {
    return new Policy(
        new Defaults(new Limits(30, 5000, 300_000L, 500_000L, 0, 8, 4096), ZoneId.of("+09:00")),
        List.of(
            new UserPolicy("1234", "true", "null", new Limits(1, 2, 3L, 4L, 5, 6, 7), List.of("*"),
                List.of(ApiKey.fromPlainKey("sk-number-user-key")), true),
            new UserPolicy("사용자1", null, "일반 사용자: \"따옴표\" # 해시", Limits.NONE, List.of("korean-qwen", "qwen:7b"),
                List.of(ApiKey.fromPlainKey("sk-user1-korean-key-def"), ApiKey.fromPlainKey("sk-user1-second-key")), false)),
        List.of(
            new ModelRoute("korean-qwen", "http://127.0.0.1:8000", Engine.SGLANG, "Qwen/Qwen2.5-3B-Instruct", 8192),
            new ModelRoute("qwen:7b", "https://qwen.example:8443/base", Engine.OPENAI, "/models/qwen/tokenizer.json", 32768)));
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
        users:
          - {name: a, models: [m1, m2], keys: [sk-first-secret-key, sk-second-secret-key]}
          - {name: b, limits: {tpm: 1, rpm: 2}}
        models:
          - {name: m1, backend: "http://h", engine: vllm, tokenizer: t, contextLength: 1}
          - {name: m2, backend: "http://h", engine: vllm, tokenizer: t, contextLength: 1}
        """, "ordered.yaml");
    Policy shuffled = reader.readString("""
        models:
          - {contextLength: 1, tokenizer: t, engine: vllm, backend: "http://h/", name: m2}
          - {name: m1, backend: "http://h", engine: vllm, tokenizer: t, contextLength: 1}
        users:
          - {limits: {rpm: 2, tpm: 1}, name: b}
          - {keys: [{key: sk-second-secret-key}, sk-first-secret-key], models: [m2, m1], name: a}
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
  void writtenDocumentsHoldNoPlainKey() {
    Policy policy = everything();

    for (String written : List.of(writer.toYaml(policy), writer.toJson(policy), policy.toString())) {
      assertThat(written).doesNotContain("sk-user1-korean-key-def", "sk-user1-second-key", "sk-number-user-key")
          .contains(ApiKeys.sha256Hex("sk-user1-korean-key-def"));
    }
  }
}
