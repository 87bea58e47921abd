package io.koreanllm.gateway.openai;

import static io.koreanllm.gateway.support.Requests.DEV1_KEY;
import static io.koreanllm.gateway.support.Requests.koreanChat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.koreanllm.gateway.quota.QuotaHolder;
import io.koreanllm.gateway.quota.QuotaScope;
import io.koreanllm.gateway.quota.QuotaStore;
import io.koreanllm.gateway.quota.UsageSnapshot;
import io.koreanllm.gateway.support.MutableClock;
import io.koreanllm.gateway.support.TestGateway;
import io.koreanllm.gateway.usage.UsageLedger;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/** A backend that refuses connections: a clear 502, and the request counts as never admitted. */
class UnreachableBackendTest {

  @Test
  void connectionRefusedIsA502AndChangesNoCounter() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort(); // free once closed: nothing listens there
    }
    try (TestGateway gateway = TestGateway.start(Files.createTempDirectory("unreachable"),
        "http://127.0.0.1:" + closedPort, TestGateway.SHIPPED_USERS, new MutableClock(TestGateway.START))) {
      var result = gateway.client().post().uri("/v1/chat/completions").header("Authorization", "Bearer " + DEV1_KEY)
          .contentType(MediaType.APPLICATION_JSON).bodyValue(koreanChat("korean-qwen", 20)).exchange()
          .expectBody(JsonNode.class).returnResult();
      assertThat(result.getStatus().value()).isEqualTo(502);
      assertThat(result.getResponseBody().path("error").path("code").asString()).isEqualTo("backend_unavailable");
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(gateway.bean(QuotaStore.class)
          .snapshot(QuotaHolder.alone("dev1"), QuotaScope.user("dev1"), ZoneId.of("Asia/Seoul")).block())
          .isEqualTo(UsageSnapshot.NONE));
      assertThat(gateway.bean(UsageLedger.class).recent(10).block()).isEmpty();
    }
  }
}
