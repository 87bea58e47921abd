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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Redis failing under a gateway. Stopped during load and started again: each failure mode behaves as documented, no
 * request gets a 5xx other than {@code closed}'s 503, and once the journal is replayed the ledger's totals equal the
 * sum of the answers' usage — nothing lost, nothing counted twice. Killed with an admission in flight, or answering
 * an error of its own: each is told apart from the other.
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
  private static final String STEADY_KEY = "sk-steady-test-key-0001";

  @ParameterizedTest
  @EnumSource(FailureMode.class)
  void redisGoingAwayAndComingBack(FailureMode mode) throws Exception {
    try (RedisServers redis = RedisServers.persistent(); Simulator simulator = new Simulator();
        TestGateway gateway = gateway(simulator, redis, mode)) {
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

  /**
   * Redis dies while it holds an admission unanswered: Lettuce fails the command in flight ("Connection
   * disconnected"), and the request is admitted as the failure mode says, not refused — then counted once Redis is
   * back.
   */
  @Test
  void anAdmissionInFlightWhenRedisDiesIsAdmittedByTheFailureMode() throws Exception {
    try (RedisServers redis = RedisServers.persistent(); Simulator simulator = new Simulator();
        TestGateway gateway = gateway(simulator, redis, FailureMode.LOCAL)) {
      ResilientQuotaStore store = (ResilientQuotaStore) gateway.bean(QuotaStore.class);
      UsageLedger usage = gateway.bean(UsageLedger.class);
      LocalDate today = LocalDate.now(ZoneId.of("Asia/Seoul"));
      Burst.Answer warm = Burst.send(List.of(gateway.url()), STEADY_KEY, koreanChat("korean-qwen", 20), 1).get(0);
      assertThat(warm.status()).isEqualTo(200);
      // Read through the same connection, so its settlement has run: Redis dies with only the admission in flight.
      assertThat(usage.totals("steady", today, today).block().requests()).isEqualTo(1);

      // Redis reads the admission script and holds it unanswered (a paused write blocks its client), then dies: the
      // command was in flight, and its connection closes cleanly, as when Redis crashes mid-script.
      redis.cli(redis.port(), "client", "pause", "20000", "WRITE");
      CompletableFuture<Burst.Answer> caught = CompletableFuture.supplyAsync(
          () -> Burst.send(List.of(gateway.url()), STEADY_KEY, koreanChat("korean-qwen", 20), 1).get(0));
      await().atMost(Duration.ofSeconds(10)).until(() -> redis.cli(redis.port(), "info", "clients")
          .contains("blocked_clients:1"));
      redis.kill();

      Burst.Answer answer = caught.get(30, TimeUnit.SECONDS);
      assertThat(answer.status()).as("admitted locally: %s %s", answer.code(), answer.message()).isEqualTo(200);
      assertThat(store.journaled()).as("its settlement waits for Redis").isEqualTo(1);
      redis.restart();
      await().atMost(Duration.ofSeconds(60)).until(() -> store.journaled() == 0);
      UsageTotals ledger = await().atMost(Duration.ofSeconds(30)).until(
          () -> usage.totals("steady", today, today).block(), totals -> totals.requests() == 2);
      assertThat(ledger.totalTokens()).isEqualTo(warm.totalTokens() + answer.totalTokens());
    }
  }

  /**
   * An error Redis itself answers (here OOM: no memory left for the admission's writes) is not an outage: the
   * request is refused with a 503, not admitted locally (which the failure mode would do), and nothing is journaled.
   */
  @Test
  void anErrorRedisAnswersRefusesTheRequestWithoutEnteringTheFailureMode() throws Exception {
    try (RedisServers redis = RedisServers.standalone(); Simulator simulator = new Simulator();
        TestGateway gateway = gateway(simulator, redis, FailureMode.LOCAL)) {
      ResilientQuotaStore store = (ResilientQuotaStore) gateway.bean(QuotaStore.class);
      redis.cli(redis.port(), "config", "set", "maxmemory-policy", "noeviction");
      redis.cli(redis.port(), "config", "set", "maxmemory", "1");
      Burst.Answer refused = Burst.send(List.of(gateway.url()), STEADY_KEY, koreanChat("korean-qwen", 20), 1).get(0);
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.code()).isEqualTo("quota_store_unavailable");
      assertThat(store.journaled()).isZero();

      redis.cli(redis.port(), "config", "set", "maxmemory", "0");
      assertThat(Burst.send(List.of(gateway.url()), STEADY_KEY, koreanChat("korean-qwen", 20), 1).get(0).status())
          .isEqualTo(200);
    }
  }

  private static TestGateway gateway(Simulator simulator, RedisServers redis, FailureMode mode) throws Exception {
    Path dir = Files.createTempDirectory("outage");
    return TestGateway.start(dir, simulator.url(), Files.writeString(dir.resolve("users.yaml"), USERS),
        new MutableClock(Instant.now()), "--koreanllm.store.type=redis", "--spring.data.redis.url=" + redis.url(),
        "--koreanllm.store.redis.probe-interval=200ms",
        "--koreanllm.store.redis.failure-mode=" + mode.name().toLowerCase());
  }

  /** A few rounds of concurrent requests. */
  private static List<Burst.Answer> load(TestGateway gateway) {
    List<Burst.Answer> answers = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      answers.addAll(Burst.send(List.of(gateway.url()), STEADY_KEY, koreanChat("korean-qwen", 20), 8));
    }
    return answers;
  }
}
