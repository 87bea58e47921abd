package io.koreanllm.gateway.quota.redis;

import static io.koreanllm.gateway.support.Requests.koreanChat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.koreanllm.gateway.quota.QuotaStore;
import io.koreanllm.gateway.support.Burst;
import io.koreanllm.gateway.support.MutableClock;
import io.koreanllm.gateway.support.RedisServers;
import io.koreanllm.gateway.support.Simulator;
import io.koreanllm.gateway.support.TestGateway;
import io.koreanllm.gateway.usage.UsageLedger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A slow Redis is not a dead Redis: its process frozen (SIGSTOP) keeps every connection open and answers nothing, as
 * a throttled CPU or a long pause would. Admissions wait for it, up to {@code admission-wait}; past that a request is
 * refused as busy (503 {@code quota_store_busy}, {@code Retry-After}) and what Redis decides for it later is given
 * back. Either way Redis never counts as down, so no replica falls back to its own store and grants the limit again.
 */
class SlowRedisTest {

  private static final String KEY = "sk-slow-redis-test-key-01";
  private static final String USERS = """
      defaults:
        limits: {rpm: 0, tpm: 0, tph: 0, tpd: 0, cooldownMinutes: 0}
      users:
        - name: slow
          limits: {rpm: 100, tpm: 1000000}
          keys: [{key: "%s"}]
      """.formatted(KEY);

  @Test
  void aPauseShorterThanTheWaitOnlyDelaysTheAnswers() throws Exception {
    try (RedisServers redis = RedisServers.standalone(); Simulator simulator = new Simulator();
        TestGateway gateway = start(redis, simulator, "5s")) {
      List<Burst.Answer> answers = new ArrayList<>(send(gateway, 1));

      redis.freeze();
      CompletableFuture<List<Burst.Answer>> during = CompletableFuture.supplyAsync(() -> send(gateway, 8));
      Thread.sleep(2_000);
      assertThat(during).as("the admissions wait for the frozen Redis").isNotDone();
      redis.thaw();
      answers.addAll(during.get());

      assertThat(answers).hasSize(9).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(200));
      assertThat(gateway.bean(RedisAvailability.class).outages()).as("a pause is not an outage").isZero();
      assertThat(((ResilientQuotaStore) gateway.bean(QuotaStore.class)).journaled()).isZero();
      LocalDate today = LocalDate.now(ZoneId.of("Asia/Seoul"));
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        var ledger = gateway.bean(UsageLedger.class).totals("slow", today, today).block();
        assertThat(ledger.requests()).isEqualTo(9);
        assertThat(ledger.totalTokens()).isEqualTo(Burst.charged(answers));
      });
      assertThat(usage(gateway).path("requests_last_minute").asLong()).isEqualTo(9);
    }
  }

  @Test
  void aPauseLongerThanTheWaitIsRefusedAsBusyWithWhenToComeBackAndMovesNoCounter() throws Exception {
    try (RedisServers redis = RedisServers.standalone(); Simulator simulator = new Simulator();
        TestGateway gateway = start(redis, simulator, "1s")) {
      Burst.Answer first = send(gateway, 1).get(0);
      assertThat(first.status()).isEqualTo(200);
      JsonNode before = usage(gateway);

      redis.freeze();
      List<Burst.Answer> refused;
      try {
        gateway.client().post().uri("/v1/chat/completions").header("Authorization", "Bearer " + KEY)
            .bodyValue(koreanChat("korean-qwen", 8)).exchange()
            .expectStatus().isEqualTo(503)
            .expectHeader().exists("Retry-After")
            .expectHeader().exists("retry-after-ms")
            .expectBody().jsonPath("$.error.code").isEqualTo("quota_store_busy");
        refused = send(gateway, 4);
      } finally {
        redis.thaw();
      }

      assertThat(refused).allSatisfy(answer -> {
        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.code()).isEqualTo("quota_store_busy");
      });
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        JsonNode now = usage(gateway);
        assertThat(now.path("requests_last_minute").asLong()).isEqualTo(1);
        assertThat(now.path("in_flight").asLong()).isZero();
      });
      assertThat(gateway.client().post().uri("/v1/chat/completions").header("Authorization", "Bearer " + KEY)
          .bodyValue(koreanChat("korean-qwen", 8)).exchange().expectStatus().isOk()
          .returnResult(String.class).getResponseHeaders().getFirst("x-ratelimit-remaining-requests"))
          .as("the refused requests were given back once Redis decided them: only the first and this one count")
          .isEqualTo("98");
      assertThat(gateway.bean(RedisAvailability.class).outages()).as("a pause is not an outage").isZero();
      JsonNode after = usage(gateway);
      assertThat(after.path("requests_today").asLong()).isEqualTo(before.path("requests_today").asLong() + 1);
      assertThat(after.path("in_flight").asLong()).isZero();
    }
  }

  private static TestGateway start(RedisServers redis, Simulator simulator, String admissionWait) throws Exception {
    Path dir = Files.createTempDirectory("slow-redis");
    return TestGateway.start(dir, simulator.url(), Files.writeString(dir.resolve("users.yaml"), USERS),
        new MutableClock(Instant.now()),
        "--koreanllm.store.type=redis", "--spring.data.redis.url=" + redis.url(),
        "--koreanllm.store.redis.admission-wait=" + admissionWait,
        // The probe pings every 200 ms and would give up after 30 s unanswered: far longer than any pause here.
        "--koreanllm.store.redis.probe-interval=200ms", "--koreanllm.store.redis.down-after=30s");
  }

  private static List<Burst.Answer> send(TestGateway gateway, int requests) {
    return Burst.send(List.of(gateway.url()), KEY, koreanChat("korean-qwen", 8), requests);
  }

  /** The user's windows as {@code /stats} shows them (reservations of requests in flight included). */
  private static JsonNode usage(TestGateway gateway) {
    return gateway.client().get().uri("/stats/slow").header("Authorization", "Bearer " + KEY).exchange()
        .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody().path("usage");
  }
}
