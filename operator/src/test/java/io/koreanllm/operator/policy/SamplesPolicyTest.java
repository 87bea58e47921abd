package io.koreanllm.operator.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.koreanllm.operator.TestClock;
import io.koreanllm.operator.api.KoreanLlmTeam;
import io.koreanllm.operator.api.KoreanLlmUser;
import io.koreanllm.operator.api.LlmBackend;
import io.koreanllm.policy.Capacity;
import io.koreanllm.policy.Defaults;
import io.koreanllm.policy.Policy;
import io.koreanllm.policy.PriorityClass;
import io.koreanllm.policy.TeamPolicy;
import io.koreanllm.policy.UserPolicy;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The samples of a team and its member, applied in namespace llm beside the SGLang sample, make that policy. */
class SamplesPolicyTest {

  private static final Path SAMPLES = Path.of(System.getProperty("koreanllm.samples.dir", "../config/samples"));

  @Test
  void theResearchTeamAndItsBatchMember() throws IOException {
    KoreanLlmTeam team = sample("koreanllmteam-research.yaml", KoreanLlmTeam.class);
    KoreanLlmUser user = sample("koreanllmuser-researcher1.yaml", KoreanLlmUser.class);
    LlmBackend qwen = sample("llmbackend-qwen-sglang.yaml", LlmBackend.class);

    Policy policy = new PolicyCompiler(Defaults.BUILT_IN, new TestClock())
        .compile(List.of(team), List.of(user), List.of(qwen));

    TeamPolicy research = policy.team("llm/research").orElseThrow();
    assertThat(research.displayName()).isEqualTo("연구팀");
    assertThat(policy.limitsOf(research).monthlyTokens()).isEqualTo(100_000_000L);
    assertThat(policy.modelLimitsOf(research, "korean-qwen").orElseThrow().tpd()).isEqualTo(3_000_000L);
    UserPolicy researcher = policy.user("llm/researcher1").orElseThrow();
    assertThat(policy.teamOf(researcher)).contains(research);
    assertThat(policy.priorityOf(researcher)).isEqualTo(PriorityClass.BATCH);
    assertThat(policy.limitsOf(researcher).monthlyTokens()).isEqualTo(30_000_000L);
    assertThat(policy.modelLimitsOf(researcher, "korean-qwen").orElseThrow().tpm()).isEqualTo(10_000);
    assertThat(policy.model("korean-qwen").orElseThrow().capacity()).isEqualTo(new Capacity(16, 0));
  }

  private static <T extends HasMetadata> T sample(String file, Class<T> type) throws IOException {
    T resource = new KubernetesSerialization().unmarshal(Files.readString(SAMPLES.resolve(file)), type);
    resource.getMetadata().setNamespace("llm");
    return resource;
  }
}
