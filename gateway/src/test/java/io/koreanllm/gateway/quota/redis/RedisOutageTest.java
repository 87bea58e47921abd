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
import io.koreanllm.gateway.usage.UsageTotals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Redis stopped during load and started again: each failure mode behaves as documented, no request gets a 5xx
 * other than {@code closed}'s 503, and once the journal is replayed the ledger's totals equal the sum of the
 * answers' usage — nothing lost, nothing counted twice.
 */
class RedisOutageTest {

  private static final String USERS = """
      defaults:
        limits: {rpm: 0, tpm: 0, tph: 0, tpd: 0, cooldownMinutes: 0}
      users:
        - name: steady
          limits: {rpm: 10000, tpm: 10000000}
          keys: [{key: "sk-steady-test-key-0001"}]
      """;

  @ParameterizedTest
  @EnumSource(FailureMode.class)
  void redisGoingAwayAndComingBack(FailureMode mode) throws Exception {
    Path dir = Files.createTempDirectory("outage");
    try (RedisServers redis = RedisServers.persistent(); Simulator simulator = new Simulator();
        TestGateway gateway = TestGateway.start(dir, simulator.url(),
            Files.writeString(dir.resolve("users.yaml"), USERS), new MutableClock(Instant.now()),
            "--koreanllm.store.type=redis", "--spring.data.redis.url=" + redis.url(),
            "--koreanllm.store.redis.probe-interval=200ms",
            "--koreanllm.store.redis.failure-mode=" + mode.name().toLowerCase())) {
      ResilientQuotaStore store = (ResilientQuotaStore) gateway.bean(QuotaStore.class);
      List<Burst.Answer> answers = new ArrayList<>(load(gateway));
      redis.kill();
      List<Burst.Answer> during = load(gateway);
      answers.addAll(during);
      if (mode != FailureMode.CLOSED) {
        assertThat(store.journaled()).as("usage admitted without Redis waits in the journal").isPositive();
      }
      redis.restart();
      answers.addAll(load(gateway));

      assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).isIn(200, 503));
      if (mode == FailureMode.CLOSED) {
        assertThat(during).isNotEmpty().allSatisfy(answer -> {
          assertThat(answer.status()).isEqualTo(503);
          assertThat(answer.code()).isEqualTo("quota_store_unavailable");
        });
      } else {
        assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(200));
      }

      await().atMost(Duration.ofSeconds(60)).until(() -> store.journaled() == 0);
      LocalDate today = LocalDate.now(ZoneId.of("Asia/Seoul"));
      UsageTotals ledger = await().atMost(Duration.ofSeconds(30)).until(
          () -> gateway.bean(UsageLedger.class).totals("steady", today, today).block(),
          totals -> totals.requests() == Burst.admitted(answers));
      assertThat(ledger.totalTokens()).isEqualTo(Burst.charged(answers));
    }
  }

  /** A few rounds of concurrent requests. */
  private static List<Burst.Answer> load(TestGateway gateway) {
    List<Burst.Answer> answers = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      answers.addAll(Burst.send(List.of(gateway.url()), "sk-steady-test-key-0001", koreanChat("korean-qwen", 20), 8));
    }
    return answers;
  }
}
