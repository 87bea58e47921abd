package io.koreanllm.simulator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EngineTimingTest {

  @Test
  void thePrefillIsAFixedPartAndAPartPerPromptToken() {
    EngineTiming timing = new EngineTiming(40, 0.5, 0, 0);

    assertThat(timing.prefill(0)).isEqualTo(Duration.ofMillis(40));
    assertThat(timing.prefill(1000)).isEqualTo(Duration.ofMillis(540));
  }

  @Test
  void aDecodeStepGrowsWithTheSequencesRunning() {
    EngineTiming timing = new EngineTiming(0, 0, 12, 1.5);

    assertThat(timing.decodeStep(1)).isEqualTo(Duration.ofNanos(13_500_000));
    assertThat(timing.decodeStep(16)).isEqualTo(Duration.ofMillis(36));
  }

  @Test
  void withoutPerTokenAndPerSequenceCostsTheTimesAreFixed() {
    EngineTiming timing = new EngineTiming(50, 0, 10, 0);

    assertThat(timing.prefill(3000)).isEqualTo(Duration.ofMillis(50));
    assertThat(timing.decodeStep(200)).isEqualTo(Duration.ofMillis(10));
  }
}
