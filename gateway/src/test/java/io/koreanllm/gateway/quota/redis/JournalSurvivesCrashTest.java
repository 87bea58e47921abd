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
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A gateway killed (SIGKILL) during a Redis outage keeps the usage it settled meanwhile: its journal on disk is
 * replayed by the gateway started after Redis returns, and counted once — also when the same journal is replayed
 * a second time, as after a crash in the middle of a replay.
 */
class JournalSurvivesCrashTest {

  private static final String KEY = "sk-crashy-test-key-0001";
  private static final String USERS = """
      defaults:
        limits: {rpm: 0, tpm: 0, tph: 0, tpd: 0, cooldownMinutes: 0}
      users:
        - name: crashy
          limits: {rpm: 1000, tpm: 1000000}
          keys: [{key: "%s"}]
      """.formatted(KEY);

  @Test
  void journaledUsageReachesRedisOnceAfterACrash() throws Exception {
    Path dir = Files.createTempDirectory("journal-crash");
    Path users = Files.writeString(dir.resolve("users.yaml"), USERS);
    Path gatewayDir = dir.resolve("gateway");
    Path journal = gatewayDir.resolve("usage-journal.jsonl");
    String[] redisArgs;
    try (RedisServers redis = RedisServers.persistent(); Simulator simulator = new Simulator()) {
      redisArgs = new String[] {"--koreanllm.store.type=redis", "--spring.data.redis.url=" + redis.url(),
          "--koreanllm.store.redis.failure-mode=local", "--koreanllm.store.redis.probe-interval=200ms"};
      List<Burst.Answer> answers = new ArrayList<>();

      GatewayProcess first = GatewayProcess.start(gatewayDir, simulator.url(), users, redisArgs)
          .awaitHealthy(Duration.ofMinutes(2));
      answers.addAll(Burst.send(List.of(first.url()), KEY, koreanChat("korean-qwen", 30), 3));
      Requests.stats(first.url(), "crashy"); // runs after their settlements: they are in Redis, not journaled
      redis.kill();
      List<Burst.Answer> duringOutage = Burst.send(List.of(first.url()), KEY, koreanChat("korean-llama", 30), 5);
      answers.addAll(duringOutage);
      assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(200));
      first.kill();
      assertThat(Files.readAllLines(journal)).as("the outage's settlements, on disk when the process died")
          .hasSize(5);
      Path copy = Files.copy(journal, dir.resolve("journal-before-replay.jsonl"));

      redis.restart();
      GatewayProcess second = GatewayProcess.start(gatewayDir, simulator.url(), users, redisArgs)
          .awaitHealthy(Duration.ofMinutes(2));
      long admitted = Burst.admitted(answers);
      long charged = Burst.charged(answers);
      JsonNode today = await().ignoreExceptions().atMost(Duration.ofSeconds(60))
          .until(() -> Requests.stats(second.url(), "crashy").path("today"),
          stats -> stats.path("requests").asLong() == admitted);
      assertThat(today.path("total_tokens").asLong()).isEqualTo(charged);
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.size(journal) == 0);
      second.kill();

      // A crash in the middle of a replay leaves entries that are in Redis already: they count once.
      Files.copy(copy, journal, StandardCopyOption.REPLACE_EXISTING);
      GatewayProcess third = GatewayProcess.start(gatewayDir, simulator.url(), users, redisArgs)
          .awaitHealthy(Duration.ofMinutes(2));
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.size(journal) == 0);
      JsonNode again = Requests.stats(third.url(), "crashy").path("today");
      assertThat(again.path("requests").asLong()).isEqualTo(admitted);
      assertThat(again.path("total_tokens").asLong()).isEqualTo(charged);
      third.close();
    }
  }

}
