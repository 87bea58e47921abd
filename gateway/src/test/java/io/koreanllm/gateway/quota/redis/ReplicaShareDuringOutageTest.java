package io.koreanllm.gateway.quota.redis;

import static io.koreanllm.gateway.support.Requests.koreanChat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.koreanllm.gateway.support.Burst;
import io.koreanllm.gateway.support.GatewayProcess;
import io.koreanllm.gateway.support.RedisServers;
import io.koreanllm.gateway.support.Requests;
import io.koreanllm.gateway.support.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Redis killed mid-load under three replicas in {@code local} mode: what the replicas admit during the outage stays
 * within the user's limits together — each keeps its share, learned from the heartbeats while Redis was up — and
 * after Redis returns the ledger equals the sum of every answer's usage, before, during and after.
 */
class ReplicaShareDuringOutageTest {

  private static final String KEY = "sk-shared-test-key-0001";
  private static final int RPM = 30;
  private static final int TPM = 2000;
  private static final String USERS = """
      defaults:
        limits: {rpm: 0, tpm: 0, tph: 0, tpd: 0, cooldownMinutes: 0}
      users:
        - name: shared
          limits: {rpm: %d, tpm: %d}
          keys: [{key: "%s"}]
      """.formatted(RPM, TPM, KEY);

  @Test
  void threeReplicasKeepTheirSharesWhileRedisIsDown() throws Exception {
    Path dir = Files.createTempDirectory("replica-share");
    Path users = Files.writeString(dir.resolve("users.yaml"), USERS);
    List<GatewayProcess> gateways = new ArrayList<>();
    try (RedisServers redis = RedisServers.persistent(); Simulator simulator = new Simulator()) {
      for (int i = 0; i < 3; i++) {
        gateways.add(GatewayProcess.start(dir.resolve("gateway-" + i), simulator.url(), users,
            "--koreanllm.store.type=redis", "--spring.data.redis.url=" + redis.url(),
            "--koreanllm.store.redis.failure-mode=local", "--koreanllm.store.redis.heartbeat-interval=1s",
            "--koreanllm.store.redis.probe-interval=200ms"));
      }
      for (GatewayProcess gateway : gateways) {
        gateway.awaitHealthy(Duration.ofMinutes(3));
      }
      List<String> urls = gateways.stream().map(GatewayProcess::url).toList();
      await().atMost(Duration.ofSeconds(30)).until(
          () -> redis.cli(redis.port(), "zcard", ReplicaHeartbeats.KEY).trim().equals("3"));
      Thread.sleep(1500); // one more heartbeat each: every replica has seen all three

      List<Burst.Answer> before = Burst.send(urls, KEY, koreanChat("korean-qwen", 50), 6);
      for (String url : urls) {
        Requests.stats(url, "shared"); // runs after that replica's settlements: Redis dies with none in flight
      }
      redis.kill();
      List<Burst.Answer> during = Burst.send(urls, KEY, koreanChat("korean-qwen", 50), 60);
      redis.restart();

      assertThat(before).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(200));
      assertThat(during).allSatisfy(answer -> assertThat(answer.status()).isIn(200, 429));
      assertThat(Burst.admitted(during)).as("admitted by all replicas together while Redis was down")
          .isPositive().isLessThanOrEqualTo(RPM);
      assertThat(Burst.reserved(during, 50)).as("tokens reserved while Redis was down").isLessThanOrEqualTo(TPM);

      List<Burst.Answer> all = new ArrayList<>(before);
      all.addAll(during);
      long admitted = Burst.admitted(all);
      long charged = Burst.charged(all);
      JsonNode today = await().ignoreExceptions().atMost(Duration.ofSeconds(60))
          .until(() -> Requests.stats(urls.get(0), "shared").path("today"),
          stats -> stats.path("requests").asLong() == admitted);
      assertThat(today.path("total_tokens").asLong()).as("the ledger holds every answer's usage, once")
          .isEqualTo(charged);
    } finally {
      for (GatewayProcess gateway : gateways) {
        gateway.close();
      }
    }
  }

}
