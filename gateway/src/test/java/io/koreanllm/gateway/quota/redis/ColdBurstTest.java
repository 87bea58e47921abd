package io.koreanllm.gateway.quota.redis;

import static io.koreanllm.gateway.support.Requests.koreanChat;
import static org.assertj.core.api.Assertions.assertThat;

import io.koreanllm.gateway.support.Burst;
import io.koreanllm.gateway.support.CpuHog;
import io.koreanllm.gateway.support.GatewayProcess;
import io.koreanllm.gateway.support.RedisServers;
import io.koreanllm.gateway.support.Requests;
import io.koreanllm.gateway.support.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The promise under the conditions that broke it: two and three gateway replicas, each in a JVM of its own, started
 * cold on one Redis with the default failure mode, while every core is kept busy by another process; the moment they
 * are healthy, a burst of 200 concurrent requests of one user (rpm 20, tpm 3,000) spread over them, and 19 more
 * bursts of other users after it. Every burst admits exactly 20 and charges at most 3,000 tokens, nothing is a 5xx,
 * and the ledger holds what the answers say. A slow Redis answer under that load is waited for, never taken for an
 * outage that would let each replica admit the whole limit again.
 */
class ColdBurstTest {

  private static final int BURSTS = 20;
  private static final int REQUESTS = 200;
  private static final int RPM = 20;
  private static final int TPM = 3000;

  private static RedisServers redis;
  private static Simulator simulator;
  private static Path dir;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisServers.standalone();
    simulator = new Simulator();
    dir = Files.createTempDirectory("cold-burst");
  }

  @AfterAll
  static void stop() {
    simulator.close();
    redis.close();
  }

  @ParameterizedTest(name = "{0} replicas")
  @ValueSource(ints = {2, 3})
  void burstsOnColdReplicasOnABusyMachineNeverOvershoot(int replicas) throws Exception {
    Path users = Files.writeString(dir.resolve("users-" + replicas + ".yaml"), users(replicas));
    List<GatewayProcess> gateways = new ArrayList<>();
    try (CpuHog hog = new CpuHog()) {
      for (int i = 0; i < replicas; i++) {
        gateways.add(GatewayProcess.start(dir.resolve(replicas + "-" + i), simulator.url(), users,
            "--koreanllm.store.type=redis", "--spring.data.redis.url=" + redis.url()));
      }
      for (GatewayProcess gateway : gateways) {
        gateway.awaitHealthy(Duration.ofMinutes(3));
      }
      List<String> urls = gateways.stream().map(GatewayProcess::url).toList();
      for (int burst = 1; burst <= BURSTS; burst++) {
        String user = user(replicas, burst);
        List<Burst.Answer> answers = Burst.send(urls, key(user), koreanChat("korean-qwen", 50), REQUESTS);
        assertThat(answers).as("burst %d of %d replicas", burst, replicas).hasSize(REQUESTS)
            .allSatisfy(answer -> assertThat(answer.status()).as("no 5xx, only answers and refusals").isIn(200, 429));
        assertThat(Burst.admitted(answers)).as("admitted in burst %d of %d replicas", burst, replicas)
            .isEqualTo(RPM);
        assertThat(Burst.charged(answers)).as("tokens charged in burst %d", burst).isPositive()
            .isLessThanOrEqualTo(TPM);
        // An answer leaves once its settlement is on its replica's connection to Redis: a read through each replica
        // runs after that replica's settlements, so the last of them sees all.
        JsonNode today = null;
        for (int i = 0; i < replicas; i++) {
          today = Requests.stats(urls.get((burst + i) % replicas), user).path("today");
        }
        assertThat(today.path("requests").asLong()).as("ledger requests of %s", user).isEqualTo(RPM);
        assertThat(today.path("total_tokens").asLong()).as("ledger tokens of %s", user)
            .isEqualTo(Burst.charged(answers));
      }
    } finally {
      for (GatewayProcess gateway : gateways) {
        gateway.close();
      }
    }
  }


  /** One user per burst, so every burst meets empty windows. */
  private static String users(int replicas) {
    StringBuilder yaml = new StringBuilder("""
        defaults:
          limits: {rpm: 0, tpm: 0, tph: 0, tpd: 0, cooldownMinutes: 0}
        users:
        """);
    for (int burst = 1; burst <= BURSTS; burst++) {
      String user = user(replicas, burst);
      yaml.append("  - name: ").append(user).append('\n')
          .append("    limits: {rpm: ").append(RPM).append(", tpm: ").append(TPM).append("}\n")
          .append("    keys: [{key: \"").append(key(user)).append("\"}]\n");
    }
    return yaml.toString();
  }

  private static String user(int replicas, int burst) {
    return String.format("burst-%dr-%02d", replicas, burst);
  }

  private static String key(String user) {
    return "sk-" + user + "-key-0001";
  }
}
