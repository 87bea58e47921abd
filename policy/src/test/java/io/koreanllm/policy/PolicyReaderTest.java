package io.koreanllm.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyReaderTest {

  private static final String SHA_OF_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  private final PolicyReader reader = new PolicyReader();

  @Test
  void ourShapeWithEveryField() {
    Policy policy = reader.readString("""
        defaults:
          limits: {rpm: 10, maxConcurrent: 4}
          dailyResetZone: UTC
        users:
          - name: kim
            displayName: 김철수
            description: 연구원
            limits: {rpm: 5, tpm: 100, tph: 1000, tpd: 10000, cooldownMinutes: 3, maxConcurrent: 2, maxTokensPerRequest: 512}
            models: [korean-qwen]
            keys:
              - {key: "sk-kim-secret-key-1"}
              - "sk-kim-secret-key-2"
              - {id: "abc…", sha256: "%s"}
            suspended: true
        models:
          - {name: korean-qwen, backend: "https://qwen.internal:8443/", engine: SGLang, tokenizer: Qwen/Qwen2.5-3B-Instruct, contextLength: 8192}
        """.formatted(SHA_OF_ABC), "test.yaml");

    // defaults not given come from the built-in ones
    assertThat(policy.defaults()).isEqualTo(new Defaults(new Limits(10, 5000, 300_000L, 500_000L, 0, 4, null), ZoneId.of("UTC")));
    UserPolicy kim = policy.users().get(0);
    assertThat(kim).isEqualTo(new UserPolicy("kim", "김철수", "연구원",
        new Limits(5, 100, 1000L, 10000L, 3, 2, 512), List.of("korean-qwen"),
        List.of(ApiKey.fromPlainKey("sk-kim-secret-key-1"), ApiKey.fromPlainKey("sk-kim-secret-key-2"), new ApiKey("abc…", SHA_OF_ABC)),
        true));
    assertThat(policy.userByKeyHash(SHA_OF_ABC)).contains(kim);
    assertThat(policy.userByKeyHash(ApiKeys.sha256Hex("sk-kim-secret-key-2"))).contains(kim);
    assertThat(kim.allowsModel("korean-qwen")).isTrue();
    assertThat(kim.allowsModel("korean-llama")).isFalse();
    // the backend loses its trailing slash; the engine is matched ignoring case
    assertThat(policy.model("korean-qwen")).contains(
        new ModelRoute("korean-qwen", "https://qwen.internal:8443", Engine.SGLANG, "Qwen/Qwen2.5-3B-Instruct", 8192));
  }

  @Test
  void userWithoutOptionalFieldsGetsDocumentedDefaults() {
    Policy policy = reader.readString("users: [{name: lee}]", "test.yaml");

    UserPolicy lee = policy.user("lee").orElseThrow();
    assertThat(lee.displayName()).isEqualTo("lee");
    assertThat(lee.description()).isNull();
    assertThat(lee.limits()).isEqualTo(Limits.NONE);
    assertThat(lee.models()).containsExactly("*");
    assertThat(lee.allowsModel("anything")).isTrue();
    assertThat(lee.keys()).isEmpty();
    assertThat(lee.suspended()).isFalse();
    assertThat(policy.defaults()).isEqualTo(Defaults.BUILT_IN);
    assertThat(policy.limitsOf(lee)).isEqualTo(new EffectiveLimits(30, 5000, 300_000, 500_000, 0, 0, 0));
  }

  @Test
  void jsonReadsLikeYaml() {
    Policy fromJson = reader.readString("""
        {"users": [{"name": "lee", "limits": {"rpm": 7}, "keys": ["sk-lee-secret-key"]}],
          "models": [{"name": "m", "backend": "http://127.0.0.1:9000", "engine": "openai", "tokenizer": "qwen3", "contextLength": 100}]}
        """, "policy.json");
    Policy fromYaml = reader.readString("""
        users: [{name: lee, limits: {rpm: 7}, keys: [sk-lee-secret-key]}]
        models: [{name: m, backend: "http://127.0.0.1:9000", engine: openai, tokenizer: qwen3, contextLength: 100}]
        """, "policy.yaml");

    assertThat(fromJson).isEqualTo(fromYaml);
    assertThat(fromJson.model("m").orElseThrow().engine()).isEqualTo(Engine.OPENAI);
  }

  @Test
  void emptyDocumentIsAPolicyWithBuiltInDefaultsAndNoUsers() {
    Policy policy = reader.readString("# nothing yet\n", "empty.yaml");

    assertThat(policy.defaults()).isEqualTo(Defaults.BUILT_IN);
    assertThat(policy.users()).isEmpty();
    assertThat(policy.models()).isEmpty();
  }

  @Test
  void lookupByNameThenByDisplayNameIgnoringCase() {
    Policy policy = reader.readString("""
        users:
          - {name: alice, displayName: Bob}
          - {name: bob, displayName: Robert}
          - {name: kim, displayName: 김철수}
        """, "test.yaml");

    assertThat(policy.user("bob").orElseThrow().name()).isEqualTo("bob");      // a name wins
    assertThat(policy.user("BOB").orElseThrow().name()).isEqualTo("alice");    // else the display name
    assertThat(policy.user("robert").orElseThrow().name()).isEqualTo("bob");
    assertThat(policy.user("김철수").orElseThrow().name()).isEqualTo("kim");
    assertThat(policy.user("Kim")).isEmpty();                                  // names are exact
    assertThat(policy.user("nobody")).isEmpty();
  }

  @Test
  void sectionsMergeFromSeveralFiles(@TempDir Path dir) throws Exception {
    Path defaults = Files.writeString(dir.resolve("defaults.yaml"), "defaults: {limits: {rpm: 1}}\n");
    Path users = Files.writeString(dir.resolve("users.yaml"), "users: [{name: lee, models: [m]}]\n");
    Path models = Files.writeString(dir.resolve("models.json"),
        "{\"models\": [{\"name\": \"m\", \"backend\": \"http://h\", \"engine\": \"vllm\", \"tokenizer\": \"t\", \"contextLength\": 1}]}");

    Policy policy = reader.read(users, models, defaults);

    assertThat(policy.defaults().limits().rpm()).isEqualTo(1);
    assertThat(policy.user("lee")).isPresent();
    assertThat(policy.model("m")).isPresent();
  }

  @Test
  void aPolicyOfHundredsOfThousandsOfUsersIsRead(@TempDir Path dir) throws Exception {
    // Past snakeyaml's default limit of 3 MB, at which about 30,000 users stopped the reader.
    StringBuilder yaml = new StringBuilder("users:\n");
    int count = 120_000;
    for (int i = 0; i < count; i++) {
      yaml.append("  - name: user").append(i).append("\n    displayName: 사용자").append(i)
          .append("\n    keys: [{id: k").append(i).append(", sha256: ").append(String.format("%064x", i)).append("}]\n");
    }
    assertThat(yaml.length()).isGreaterThan(15_000_000);
    Path users = Files.writeString(dir.resolve("users.yaml"), yaml);

    Policy policy = reader.read(users);

    assertThat(policy.users()).hasSize(count);
    assertThat(policy.userByKeyHash(String.format("%064x", count - 1)).orElseThrow().name()).isEqualTo("user119999");
  }

  @Test
  void problemsOfSeveralFilesAreReportedTogether(@TempDir Path dir) throws Exception {
    Path users = Files.writeString(dir.resolve("users.yaml"), "users: [{name: lee, limits: {rpm: -1}}]\n");
    Path models = Files.writeString(dir.resolve("models.yaml"), "models: [{name: m}]\n");
    Path missing = dir.resolve("missing.yaml");

    assertThatThrownBy(() -> reader.read(users, models, missing))
        .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.problems()).extracting(Object::toString).containsExactly(
            users + ": users[0].limits.rpm: must be ≥ 0 (was -1)",
            models + ": models[0].backend: is required",
            models + ": models[0].engine: is required",
            models + ": models[0].tokenizer: is required",
            models + ": models[0].contextLength: is required",
            missing + ": cannot read the file: no such file"));
  }

  @Test
  void seedShapeMapsItsFieldsAndKeys() {
    Policy policy = reader.readString("""
        users:
          신규사용자:
            rpm: 15
            tpm: 2000
            tph: 120000
            daily: 300000
            cooldown_minutes: 5
            description: "신규 사용자"
          사용자1:
            rpm: 20
        api_keys:
          "sk-new-user-key-123": "신규사용자"
          "sk-new-user-key-456": "신규사용자"
        """, "korean_users.yaml");

    UserPolicy user = policy.userByKeyHash(ApiKeys.sha256Hex("sk-new-user-key-456")).orElseThrow();
    assertThat(user).isEqualTo(new UserPolicy("신규사용자", "신규사용자", "신규 사용자",
        new Limits(15, 2000, 120_000L, 300_000L, 5, null, null), List.of("*"),
        List.of(ApiKey.fromPlainKey("sk-new-user-key-123"), ApiKey.fromPlainKey("sk-new-user-key-456")), false));
    assertThat(policy.user("사용자1").orElseThrow().keys()).isEmpty();
    assertThat(policy.limitsOf(policy.user("사용자1").orElseThrow())).isEqualTo(new EffectiveLimits(20, 5000, 300_000, 500_000, 0, 0, 0));
  }

  @Test
  void seedShapeIgnoresFieldsOfThePythonTools() {
    Policy policy = reader.readString("""
        server: {host: "0.0.0.0", port: 8080}
        llm_server: {url: "http://localhost:8000"}
        default_limits: {rpm: 20, tpm: 3000, daily: 400000, korean_factor: 1.15}
        users:
          사용자1: {rpm: 40, priority: high}
        """, "korean_model.yaml");

    assertThat(policy.defaults().limits()).isEqualTo(new Limits(20, 3000, 300_000L, 400_000L, 0, null, null));
    assertThat(policy.limitsOf(policy.user("사용자1").orElseThrow()).rpm()).isEqualTo(40);
  }
}
