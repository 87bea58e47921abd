package io.koreanllm.gateway.openai;

import static io.koreanllm.gateway.support.Requests.USER1_KEY;
import static io.koreanllm.gateway.support.Requests.USER1_STATS;
import static io.koreanllm.gateway.support.Requests.koreanChat;
import static org.assertj.core.api.Assertions.assertThat;

import io.koreanllm.gateway.support.MutableClock;
import io.koreanllm.gateway.support.Simulator;
import io.koreanllm.gateway.support.TestGateway;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/** The embedded store keeps every user's usage across a restart of the gateway. */
class RestartTest {

  @TempDir
  Path dir;

  @Test
  void statsShowTheDaysUsageAfterARestart() throws Exception {
    MutableClock clock = new MutableClock(TestGateway.START);
    try (Simulator simulator = new Simulator()) {
      long charged = 0;
      try (TestGateway first = TestGateway.start(dir, simulator.url(), TestGateway.SHIPPED_USERS, clock)) {
        for (int i = 0; i < 3; i++) {
          charged += first.client().post().uri("/v1/chat/completions").header("Authorization", "Bearer " + USER1_KEY)
              .contentType(MediaType.APPLICATION_JSON).bodyValue(koreanChat("korean-qwen", 30)).exchange()
              .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody()
              .path("usage").path("total_tokens").asLong();
        }
      }
      clock.advance(Duration.ofSeconds(20));
      try (TestGateway second = TestGateway.start(dir, simulator.url(), TestGateway.SHIPPED_USERS, clock)) {
        JsonNode stats = second.client().get().uri(USER1_STATS)
            .header("Authorization", "Bearer " + TestGateway.ADMIN_KEY).exchange().expectStatus().isOk()
            .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(stats.path("today").path("requests").asLong()).isEqualTo(3);
        assertThat(stats.path("today").path("total_tokens").asLong()).isEqualTo(charged);
        // The windows are rebuilt too: the minute still holds the three requests, so rpm still counts them.
        assertThat(stats.path("usage").path("requests_last_minute").asLong()).isEqualTo(3);
        assertThat(stats.path("usage").path("tokens_today").asLong()).isEqualTo(charged);
        assertThat(stats.path("remaining").path("requests_this_minute").asLong()).isEqualTo(37);
      }
    }
  }
}
