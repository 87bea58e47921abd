package io.koreanllm.gateway.observe;

import static io.koreanllm.gateway.support.Requests.USER1_KEY;
import static io.koreanllm.gateway.support.Requests.koreanChat;
import static org.assertj.core.api.Assertions.assertThat;

import io.koreanllm.gateway.support.GatewayStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.MediaType;

/** Spring's own request observations are off by default and come back when an operator turns them on. */
class SpringObservationsTest {

  @RegisterExtension
  static final GatewayStack STACK = GatewayStack.withShippedUsers(
      "--management.observations.enable.http.server.requests=true");

  @Test
  void anOperatorCanTurnTheHttpServerObservationBackOn() {
    STACK.gateway().client().post().uri("/v1/chat/completions").header("Authorization", "Bearer " + USER1_KEY)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(koreanChat("korean-qwen", 10)).exchange()
        .expectStatus().isOk();

    String scrape = STACK.gateway().client().get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
        .expectBody(String.class).returnResult().getResponseBody();
    assertThat(scrape).contains("http_server_requests_seconds_count{").doesNotContain("spring_security_");
  }
}
