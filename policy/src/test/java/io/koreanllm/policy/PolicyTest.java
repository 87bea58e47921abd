package io.koreanllm.policy;

import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The model classes themselves, as the operator uses them when it builds a policy in code. */
class PolicyTest {

  private static final ModelRoute QWEN = new ModelRoute("korean-qwen", "http://127.0.0.1:8000", Engine.SGLANG, "qwen3", 8192);

  private static UserPolicy user(String name, String displayName, String key) {
    return new UserPolicy(name, displayName, null, null, null, List.of(ApiKey.fromPlainKey(key)), false);
  }

  @Test
  void limitsWithDefaultsFillOnlyNulls() {
    Limits own = new Limits(40, null, null, 0L, null, 3, null);
    Limits defaults = new Limits(30, 5000, 300_000L, 500_000L, 5, null, 1024);

    assertThat(own.withDefaults(defaults)).isEqualTo(new Limits(40, 5000, 300_000L, 0L, 5, 3, 1024));
  }

  @Test
  void effectiveLimitsTurnWhatIsGivenNowhereIntoNoLimit() {
    assertThat(EffectiveLimits.of(Limits.NONE)).isEqualTo(new EffectiveLimits(0, 0, 0, 0, 0, 0, 0));
    assertThat(EffectiveLimits.of(new Limits(1, 2, 3L, 4L, 5, 6, 7))).isEqualTo(new EffectiveLimits(1, 2, 3, 4, 5, 6, 7));
  }

  @Test
  void limitsOfAUserInheritTheDefaultsAndAGivenZeroStaysZero() {
    UserPolicy user = new UserPolicy("a", null, null, new Limits(null, 0, null, null, null, 2, null), null, null, false);
    Policy policy = new Policy(Defaults.of(new Limits(null, null, null, null, 10, null, 4096), ZoneId.of("UTC")), List.of(user), List.of());

    assertThat(policy.limitsOf(user)).isEqualTo(new EffectiveLimits(30, 0, 300_000, 500_000, 10, 2, 4096));
    assertThat(policy.defaults().dailyResetZone()).isEqualTo(ZoneId.of("UTC"));
  }

  @Test
  void defaultsOfAPolicyThatGivesNoneAreTheSeeds() {
    assertThat(Defaults.of(null, null)).isEqualTo(Defaults.BUILT_IN);
    assertThat(Defaults.BUILT_IN).isEqualTo(new Defaults(new Limits(30, 5000, 300_000L, 500_000L, 0, null, null), ZoneId.of("Asia/Seoul")));
  }

  @Test
  void recordsRejectValuesTheReaderWouldReject() {
    assertThatThrownBy(() -> new Limits(-1, null, null, null, null, null, null)).hasMessage("rpm: must be ≥ 0 (was -1)");
    assertThatThrownBy(() -> new EffectiveLimits(0, 0, -1, 0, 0, 0, 0)).hasMessage("tph: must be ≥ 0 (was -1)");
    assertThatThrownBy(() -> new UserPolicy("a/b/c", null, null, null, null, null, false))
        .hasMessageStartingWith("name: must contain at most one '/'");
    assertThatThrownBy(() -> new UserPolicy("a", null, null, null, List.of("bad name"), null, false)).hasMessageStartingWith("models: must be 1–128");
    assertThatThrownBy(() -> new ModelRoute("m", "localhost:8000", Engine.VLLM, "t", 1)).hasMessageStartingWith("backend: must be an absolute");
    assertThatThrownBy(() -> new ModelRoute("m", "http://h", Engine.VLLM, "t", 0)).hasMessage("contextLength: must be > 0 (was 0)");
    assertThatThrownBy(() -> ApiKey.fromPlainKey("short")).hasMessage("key: a key must be at least 8 characters");
  }

  @Test
  void modelRouteKeepsNoTrailingSlash() {
    assertThat(new ModelRoute("m", "http://h:8000/v1//", Engine.OPENAI, "t", 1).backend()).isEqualTo("http://h:8000/v1");
  }

  @Test
  void engineIdsAreLowerCase() {
    assertThat(Engine.SGLANG.id()).isEqualTo("sglang");
    assertThat(Engine.fromId("vLLM")).contains(Engine.VLLM);
    assertThat(Engine.fromId("tgi")).isEmpty();
  }

  @Test
  void userModelsFormASortedSetAndStarAllowsAll() {
    UserPolicy some = new UserPolicy("a", null, null, null, List.of("b", "a", "b"), null, false);

    assertThat(some.models()).containsExactly("a", "b");
    assertThat(some.allowsModel("a")).isTrue();
    assertThat(some.allowsModel("c")).isFalse();
    assertThat(new UserPolicy("a", null, null, null, List.of(), null, false).allowsModel("a")).isFalse();
  }

  @Test
  void policyIndexesUsersByKeyHashNameAndDisplayName() {
    UserPolicy kim = user("kim", "김철수", "sk-kim-secret-key");
    UserPolicy lee = user("lee", null, "sk-lee-secret-key");
    Policy policy = new Policy(Defaults.BUILT_IN, List.of(lee, kim), List.of(QWEN));

    assertThat(policy.users()).containsExactly(kim, lee);
    assertThat(policy.userByKeyHash(ApiKeys.sha256Hex("sk-lee-secret-key"))).contains(lee);
    assertThat(policy.userByKeyHash(ApiKeys.sha256Hex("sk-nobody-secret"))).isEmpty();
    assertThat(policy.user("김철수")).contains(kim);
    assertThat(policy.user("LEE")).contains(lee);
    assertThat(policy.model("korean-qwen")).contains(QWEN);
    assertThat(policy.model("korean-llama")).isEmpty();
  }

  @Test
  void suspendedUsersAreStillFoundByKeySoTheGatewayCanAnswer403() {
    UserPolicy suspended = new UserPolicy("a", null, null, null, null, List.of(ApiKey.fromPlainKey("sk-suspended-key")), true);
    Policy policy = new Policy(Defaults.BUILT_IN, List.of(suspended), List.of());

    assertThat(policy.userByKeyHash(ApiKeys.sha256Hex("sk-suspended-key"))).contains(suspended);
  }

  @Test
  void policyBuiltInCodeIsCheckedLikeARead() {
    UserPolicy a = user("a", "Same", "sk-first-secret-key");
    UserPolicy b = user("b", "same", "sk-first-secret-key");
    UserPolicy c = new UserPolicy("c", null, null, null, List.of("korean-llama"), null, false);

    assertThatThrownBy(() -> new Policy(Defaults.BUILT_IN, List.of(a, b, c), List.of(QWEN, QWEN)))
        .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.problems()).extracting(Object::toString).containsExactly(
            "Policy: models[1]: duplicate model name 'korean-qwen' (also models[0])",
            "Policy: users[1]: displayName 'same' is also the display name of users[0]; display names must be unique, ignoring case,"
                + " so that lookup by display name is unambiguous",
            "Policy: users[1]: key sk-first…key is also a key of users[0]; each key must belong to one user",
            "Policy: users[2]: model 'korean-llama' is not defined; defined models: korean-qwen"));
  }

  @Test
  void policiesWithTheSameContentAreEqualWhateverTheOrderGiven() {
    UserPolicy kim = user("kim", null, "sk-kim-secret-key");
    UserPolicy lee = user("lee", null, "sk-lee-secret-key");
    ModelRoute llama = new ModelRoute("korean-llama", "http://h", Engine.VLLM, "llama3", 2048);

    Policy one = new Policy(Defaults.BUILT_IN, List.of(kim, lee), List.of(QWEN, llama));
    Policy other = new Policy(Defaults.BUILT_IN, List.of(lee, kim), List.of(llama, QWEN));

    assertThat(one).isEqualTo(other).hasSameHashCodeAs(other);
    assertThat(one).isNotEqualTo(new Policy(Defaults.BUILT_IN, List.of(kim), List.of(QWEN, llama)));
  }
}
