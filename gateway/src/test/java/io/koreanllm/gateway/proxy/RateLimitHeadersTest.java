package io.koreanllm.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The reset durations of the {@code x-ratelimit-reset-*} headers, written as OpenAI writes them. */
class RateLimitHeadersTest {

  @Test
  void durationsAreWrittenAsOpenAiWritesThem() {
    assertThat(RateLimitHeaders.format(Duration.ofMillis(-5))).isEqualTo("0ms");
    assertThat(RateLimitHeaders.format(Duration.ZERO)).isEqualTo("0ms");
    assertThat(RateLimitHeaders.format(Duration.ofMillis(999))).isEqualTo("999ms");
    assertThat(RateLimitHeaders.format(Duration.ofSeconds(1))).isEqualTo("1s");
    assertThat(RateLimitHeaders.format(Duration.ofMillis(1_500))).isEqualTo("1.5s");
    assertThat(RateLimitHeaders.format(Duration.ofMillis(1_010))).isEqualTo("1.01s");
    assertThat(RateLimitHeaders.format(Duration.ofMillis(59_999))).isEqualTo("59.999s");
    assertThat(RateLimitHeaders.format(Duration.ofMinutes(1))).isEqualTo("1m0s");
    assertThat(RateLimitHeaders.format(Duration.ofMillis(60_883))).isEqualTo("1m0.883s");
    assertThat(RateLimitHeaders.format(Duration.ofMillis(6 * 60_000 + 20))).isEqualTo("6m0.02s");
    assertThat(RateLimitHeaders.format(Duration.ofHours(1))).isEqualTo("1h0m0s");
    assertThat(RateLimitHeaders.format(Duration.ofSeconds(3_723))).isEqualTo("1h2m3s");
    assertThat(RateLimitHeaders.format(Duration.ofMillis(25 * 3_600_000L + 500))).isEqualTo("25h0m0.5s");
  }
}
