package io.koreanllm.helm;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.koreanllm.operator.api.EngineKind;
import io.koreanllm.operator.api.KoreanLlmUser;
import io.koreanllm.operator.api.LlmBackend;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** config/samples/ (what docs/install.md applies) parse strictly into the operator's own classes. */
class SamplesTest {

  private static final Path SAMPLES = Path.of(System.getProperty("koreanllm.samples.dir", "../config/samples"));

  @Test
  void theSeedsDemoUsersWithTheirKoreanNamesAndLimits() throws IOException {
    assertThat(new KoreanLlmUser[] {user("user1"), user("dev1"), user("test")})
        .extracting(u -> u.getMetadata().getName(), u -> u.getSpec().displayName, u -> u.getSpec().limits.rpm,
            u -> u.getSpec().limits.tpm, u -> u.getSpec().limits.tpd)
        .containsExactly(tuple("user1", "사용자1", 40, 8000, 1_000_000L), tuple("dev1", "개발자1", 80, 15000, 2_000_000L),
            tuple("test", "테스트", 20, 3000, 500_000L));
    assertThat(user("test").getSpec().limits.cooldownMinutes).isEqualTo(5);
  }

  @Test
  void theSeedsModelsOnTheRtx4060Profile() throws IOException {
    LlmBackend qwen = sample("llmbackend-qwen-sglang.yaml", LlmBackend.class);
    assertThat(qwen.getSpec().engine).isEqualTo(EngineKind.SGLANG);
    assertThat(qwen.getSpec().model).isEqualTo("Qwen/Qwen2.5-3B-Instruct");
    assertThat(qwen.getSpec().gpu.profile).isEqualTo("rtx4060-8gb");
    LlmBackend llama = sample("llmbackend-ggachi-vllm.yaml", LlmBackend.class);
    assertThat(llama.getSpec().engine).isEqualTo(EngineKind.VLLM);
    assertThat(llama.getSpec().model).isEqualTo("torchtorchkimtorch/Llama-3.2-Korean-GGACHI-1B-Instruct-v1");
    assertThat(llama.getSpec().gpu.profile).isEqualTo("rtx4060-8gb");
  }

  private static KoreanLlmUser user(String name) throws IOException {
    return sample("koreanllmuser-" + name + ".yaml", KoreanLlmUser.class);
  }

  private static <T extends HasMetadata> T sample(String file, Class<T> type) throws IOException {
    return type.cast(Chart.parse(Files.readString(SAMPLES.resolve(file))).get(0));
  }
}
