package io.koreanllm.operator.policy;

import io.koreanllm.operator.Resources;
import io.koreanllm.operator.TestClock;
import io.koreanllm.operator.api.EngineKind;
import io.koreanllm.operator.api.KeyHash;
import io.koreanllm.operator.api.KoreanLlmUser;
import io.koreanllm.operator.api.KoreanLlmUserStatus;
import io.koreanllm.operator.api.LlmBackend;
import io.koreanllm.policy.ApiKeys;
import io.koreanllm.policy.Defaults;
import io.koreanllm.policy.ModelRoute;
import io.koreanllm.policy.Policy;
import io.koreanllm.policy.UserPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One bad or conflicting resource is left out; the rest of the policy stands. */
class PolicyCompilerTest {

  private final TestClock clock = new TestClock();
  private final PolicyCompiler compiler = new PolicyCompiler(Defaults.BUILT_IN, clock);

  @Test
  void aSecondBackendServingTheSameNameIsLeftOutWhateverTheOrder() {
    LlmBackend first = backend("a", "qwen");
    LlmBackend second = backend("b", "qwen");
    second.getMetadata().setNamespace("zz");

    Policy policy = compiler.compile(List.of(), List.of(second, first));

    assertThat(policy.models()).extracting(ModelRoute::backend).containsExactly("http://a.llm.svc:8000");
    assertThat(compiler.compile(List.of(), List.of(first, second))).isEqualTo(policy);
  }

  @Test
  void conflictingOrInvalidUsersAreLeftOutAndUnservedModelsDropped() {
    KoreanLlmUser one = Resources.user("one", "같은 이름", 100, List.of("qwen", "gone"));
    KoreanLlmUser two = Resources.user("two", "같은 이름", 100, null);
    KoreanLlmUser negative = Resources.user("negative", null, -1, null);

    Policy policy = compiler.compile(List.of(two, negative, one), List.of(backend("a", "qwen")));

    assertThat(policy.users()).extracting(UserPolicy::name).containsExactly("one");
    assertThat(policy.users().get(0).models()).containsExactly("qwen");
  }

  @Test
  void aReplacedKeyLeavesThePolicyWhenItsGraceEnds() {
    KoreanLlmUser user = Resources.user("one", null, 100, null);
    user.setStatus(new KoreanLlmUserStatus());
    String expiry = clock.instant().plus(Duration.ofHours(1)).toString();
    user.getStatus().keys = List.of(new KeyHash("sk-new…", ApiKeys.sha256Hex("sk-new-key-123"), null),
        new KeyHash("sk-old…", ApiKeys.sha256Hex("sk-old-key-123"), expiry));

    assertThat(compiler.compile(List.of(user), List.of()).users().get(0).keys()).hasSize(2);
    clock.advance(Duration.ofHours(1));
    assertThat(compiler.compile(List.of(user), List.of()).users().get(0).keys()).singleElement()
        .satisfies(key -> assertThat(key.id()).isEqualTo("sk-new…"));
  }

  private static LlmBackend backend(String name, String served) {
    LlmBackend backend = Resources.backend(name, EngineKind.VLLM, "Qwen/Qwen2.5-3B-Instruct", null);
    backend.getSpec().servedModelName = served;
    return backend;
  }
}
