package io.koreanllm.policy;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/** The configuration the product ships for local mode reads as documented. Paths are relative to the module. */
class ShippedConfigTest {

  private static final Path USERS = Path.of("../config/users.yaml");
  private static final Path MODELS = Path.of("../config/models.yaml");
  private static final Path SEED_SAMPLE = Path.of("../config/samples/korean_users.yaml");
  private static final Path CONFIGURATION_DOCS = Path.of("../docs/configuration.md");

  private final PolicyReader reader = new PolicyReader();

  @Test
  void usersAndModelsReadTogether() {
    Policy policy = reader.read(USERS, MODELS);

    assertThat(policy.defaults()).isEqualTo(new Defaults(
        new Limits(30, 5000, 300_000L, 500_000L, 0, null, null), ZoneId.of("Asia/Seoul")));
    assertThat(policy.users()).extracting(UserPolicy::name).containsExactly("dev1", "test", "user1");
    assertThat(policy.users()).extracting(UserPolicy::displayName).containsExactly("개발자1", "테스트", "사용자1");
    assertThat(policy.models()).containsExactly(
        new ModelRoute("korean-llama", "http://127.0.0.1:8000", Engine.VLLM, "llama3", 2048),
        new ModelRoute("korean-qwen", "http://127.0.0.1:8000", Engine.SGLANG, "qwen3", 8192));
  }

  @Test
  void demoKeysAuthenticateTheirUsersWithTheirLimitsOverTheDefaults() {
    Policy policy = reader.read(USERS, MODELS);

    UserPolicy user1 = policy.userByKeyHash(ApiKeys.sha256Hex("sk-user1-korean-key-def")).orElseThrow();
    assertThat(user1.name()).isEqualTo("user1");
    assertThat(user1.description()).isEqualTo("일반 사용자 1");
    assertThat(user1.keys()).containsExactly(new ApiKey("sk-user1…def", ApiKeys.sha256Hex("sk-user1-korean-key-def")));
    assertThat(user1.allowsModel("korean-qwen")).isTrue();
    // rpm, tpm, tpd are the user's own; tph and cooldown come from the defaults
    assertThat(policy.limitsOf(user1)).isEqualTo(new EffectiveLimits(40, 8000, 300_000, 1_000_000, 0, 0, 0));

    UserPolicy dev1 = policy.userByKeyHash(ApiKeys.sha256Hex("sk-dev1-korean-key-789")).orElseThrow();
    assertThat(policy.limitsOf(dev1)).isEqualTo(new EffectiveLimits(80, 15000, 300_000, 2_000_000, 0, 0, 0));
    UserPolicy test = policy.userByKeyHash(ApiKeys.sha256Hex("sk-test-korean-key-stu")).orElseThrow();
    assertThat(policy.limitsOf(test)).isEqualTo(new EffectiveLimits(20, 3000, 300_000, 500_000, 0, 0, 0));

    assertThat(policy.userByKeyHash(ApiKeys.sha256Hex("sk-unknown-korean-key"))).isEmpty();
  }

  @Test
  void usersFileReadsAloneWithoutModels() {
    Policy policy = reader.read(USERS);

    assertThat(policy.users()).hasSize(3);
    assertThat(policy.models()).isEmpty();
  }

  @Test
  void seedSampleReadsWithTheShippedModels() {
    Policy policy = reader.read(SEED_SAMPLE, MODELS);

    UserPolicy user = policy.userByKeyHash(ApiKeys.sha256Hex("sk-test-korean-key-stu")).orElseThrow();
    assertThat(user.name()).isEqualTo("테스트");
    assertThat(user.displayName()).isEqualTo("테스트");
    assertThat(user.description()).isEqualTo("테스트 계정");
    assertThat(user.models()).containsExactly("*");
    assertThat(policy.limitsOf(user)).isEqualTo(new EffectiveLimits(20, 3000, 300_000, 500_000, 5, 0, 0));
    UserPolicy dev = policy.user("개발자1").orElseThrow();
    assertThat(policy.limitsOf(dev)).isEqualTo(new EffectiveLimits(80, 15000, 600_000, 2_000_000, 0, 0, 0));
    assertThat(policy.users()).hasSize(3);
  }

  @Test
  void thePolicyExampleInTheConfigurationDocsReadsAsItsCommentsSay() throws Exception {
    String docs = Files.readString(CONFIGURATION_DOCS);
    int section = docs.indexOf("## The policy document");
    int start = docs.indexOf("```yaml\n", section) + "```yaml\n".length();
    Policy policy = reader.readString(docs.substring(start, docs.indexOf("```", start)), "configuration.md");

    UserPolicy kim = policy.user("kim").orElseThrow();
    TeamPolicy research = policy.teamOf(kim).orElseThrow();
    assertThat(research.displayName()).isEqualTo("연구팀");
    assertThat(policy.priorityOf(kim)).isEqualTo(PriorityClass.BATCH);
    assertThat(policy.priorityOf(policy.user("user1").orElseThrow())).isEqualTo(PriorityClass.INTERACTIVE);
    assertThat(policy.limitsOf(kim).monthlyTokens()).isEqualTo(10_000_000L);
    assertThat(policy.modelLimitsOf(kim, "korean-qwen").orElseThrow().tpm()).isEqualTo(3000);
    // a team inherits no defaults: what it leaves out is not limited
    assertThat(policy.limitsOf(research)).isEqualTo(new EffectiveLimits(0, 40_000, 0, 0, 0, 24, 0, 40_000_000L));
    assertThat(policy.modelLimitsOf(research, "korean-qwen").orElseThrow().tpm()).isEqualTo(5000);
  }

  @Test
  void noPlainKeyOfTheShippedFilesSurvivesReading() throws Exception {
    Policy policy = reader.read(USERS, MODELS);
    String everythingShown = policy + new PolicyWriter().toYaml(policy) + new PolicyWriter().toJson(policy);

    for (String key : new String[] {"sk-user1-korean-key-def", "sk-dev1-korean-key-789", "sk-test-korean-key-stu"}) {
      assertThat(Files.readString(USERS)).contains(key); // the test would be vacuous otherwise
      assertThat(everythingShown).doesNotContain(key);
    }
  }
}
