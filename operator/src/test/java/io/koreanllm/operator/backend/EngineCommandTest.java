package io.koreanllm.operator.backend;

import io.koreanllm.operator.Resources;
import io.koreanllm.operator.api.EngineKind;
import io.koreanllm.operator.api.LlmBackend;
import io.koreanllm.operator.api.Scheduling;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The command lines are the engines' real ones: flag names as SGLang's and vLLM's CLIs spell them. */
class EngineCommandTest {

  private static final String QWEN = "Qwen/Qwen2.5-3B-Instruct";
  private static final String GGACHI = "torchtorchkimtorch/Llama-3.2-Korean-GGACHI-1B-Instruct-v1";

  @Test
  void sglangWithTheRtx4060Profile() {
    EngineCommand command = EngineCommand.of(Resources.backend("qwen", EngineKind.SGLANG, QWEN, "rtx4060-8gb"));

    assertThat(command.command()).containsExactly("python3", "-m", "sglang.launch_server");
    assertThat(command.args()).containsExactly(
        "--model-path", QWEN, "--served-model-name", "qwen", "--host", "0.0.0.0", "--port", "8000",
        "--mem-fraction-static", "0.75", "--max-running-requests", "16", "--chunked-prefill-size", "4096",
        "--enable-metrics");
  }

  @Test
  void sglangWithoutAProfileLeavesTheEngineItsDefaults() {
    LlmBackend backend = Resources.backend("qwen", EngineKind.SGLANG, QWEN, null);
    backend.getSpec().servedModelName = "korean-qwen";
    backend.getSpec().maxModelLen = 8192;
    backend.getSpec().extraArgs = List.of("--enable-torch-compile");

    assertThat(EngineCommand.of(backend).args()).containsExactly(
        "--model-path", QWEN, "--served-model-name", "korean-qwen", "--host", "0.0.0.0", "--port", "8000",
        "--context-length", "8192", "--enable-metrics", "--enable-torch-compile");
  }

  @Test
  void vllmWithTheRtx4060Profile() {
    EngineCommand command = EngineCommand.of(Resources.backend("ggachi", EngineKind.VLLM, GGACHI, "rtx4060-8gb"));

    assertThat(command.command()).containsExactly("vllm", "serve");
    assertThat(command.args()).containsExactly(
        GGACHI, "--served-model-name", "ggachi", "--port", "8000",
        "--gpu-memory-utilization", "0.8", "--max-model-len", "2048", "--dtype", "half");
  }

  @Test
  void vllmWithoutAProfile() {
    LlmBackend backend = Resources.backend("ggachi", EngineKind.VLLM, GGACHI, null);
    backend.getSpec().extraArgs = List.of("--enforce-eager");

    assertThat(EngineCommand.of(backend).args()).containsExactly(
        GGACHI, "--served-model-name", "ggachi", "--port", "8000", "--enforce-eager");
  }

  @Test
  void explicitSpecValuesOverrideTheProfile() {
    LlmBackend backend = Resources.backend("ggachi", EngineKind.VLLM, GGACHI, "rtx4060-8gb");
    backend.getSpec().gpu.memoryFraction = 0.7;
    backend.getSpec().maxModelLen = 4096;
    backend.getSpec().dtype = "bfloat16";

    assertThat(EngineCommand.of(backend).args()).containsExactly(
        GGACHI, "--served-model-name", "ggachi", "--port", "8000",
        "--gpu-memory-utilization", "0.7", "--max-model-len", "4096", "--dtype", "bfloat16");

    LlmBackend sglang = Resources.backend("qwen", EngineKind.SGLANG, QWEN, "rtx4060-8gb");
    sglang.getSpec().gpu.memoryFraction = 0.6;
    assertThat(EngineCommand.of(sglang).args()).containsSequence("--mem-fraction-static", "0.6")
        .containsSequence("--max-running-requests", "16");
  }

  @Test
  void theServerIsStartedUnderTheUpstreamNameAndWithPrioritySchedulingWhenAsked() {
    LlmBackend backend = Resources.backend("ggachi", EngineKind.VLLM, GGACHI, null);
    backend.getSpec().servedModelName = "korean-llama";
    backend.getSpec().upstreamModel = "ggachi-1b";
    backend.getSpec().schedulingPolicy = Scheduling.PRIORITY;

    assertThat(EngineCommand.of(backend).args()).containsExactly(
        GGACHI, "--served-model-name", "ggachi-1b", "--port", "8000", "--scheduling-policy", "priority");
    assertThat(EngineCommand.servedModelName(backend)).isEqualTo("korean-llama");
  }

  @Test
  void theRunningLimitIsTheEnginesFlagTheLastOneGivenWins() {
    assertThat(EngineCommand.runningLimit(Resources.backend("qwen", EngineKind.SGLANG, QWEN, "rtx4060-8gb")))
        .hasValue(16);
    LlmBackend sglang = Resources.backend("qwen", EngineKind.SGLANG, QWEN, "rtx4060-8gb");
    sglang.getSpec().extraArgs = List.of("--max-running-requests", "24");
    assertThat(EngineCommand.runningLimit(sglang)).hasValue(24);

    LlmBackend vllm = Resources.backend("ggachi", EngineKind.VLLM, GGACHI, null);
    assertThat(EngineCommand.runningLimit(vllm)).isEmpty();
    vllm.getSpec().extraArgs = List.of("--max-num-seqs=64");
    assertThat(EngineCommand.runningLimit(vllm)).hasValue(64);
    vllm.getSpec().extraArgs = List.of("--max-running-requests", "8");
    assertThat(EngineCommand.runningLimit(vllm)).as("SGLang's flag means nothing to vLLM").isEmpty();

    sglang.getSpec().externalUrl = "http://gpu-box.lan:8000";
    assertThat(EngineCommand.runningLimit(sglang)).as("the arguments of a server the operator does not run")
        .isEmpty();
  }
}
