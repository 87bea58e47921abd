package io.koreanllm.gateway.quota.redis;

import io.koreanllm.gateway.quota.QuotaHolder;
import io.koreanllm.gateway.quota.QuotaScope;
import io.koreanllm.gateway.quota.QuotaStore;
import io.koreanllm.gateway.support.MutableClock;
import io.koreanllm.gateway.support.RedisServers;
import io.koreanllm.gateway.support.Simulator;
import io.koreanllm.gateway.support.TestGateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Two real gateways sharing one Redis they own (standalone or a cluster started for them), with one simulator
 * behind them; closing stops all of it, also after a failed start.
 */
final class SharedRedisGateways implements AutoCloseable {

  static final String BURST_KEY = "sk-burst-test-key-0001";
  static final List<String> MEMBER_KEYS = List.of("sk-burst-member-a-0001", "sk-burst-member-b-0001");
  static final String STEADY_KEY = "sk-steady-test-key-0001";
  static final int STEADY_TPM = 2000;
  /**
   * A user with a small tokens-per-minute limit and nothing else, so only tpm can refuse; and a team with such a
   * limit, whose two members have roomy limits of their own, so only the team's tpm can refuse them; and a user
   * whose requests come one after the other.
   */
  static final String USERS = """
      defaults:
        limits: {rpm: 0, tpm: 0, tph: 0, tpd: 0, cooldownMinutes: 0}
      teams:
        - name: burst-team
          displayName: 버스트팀
          limits: {tpm: 3000}
      users:
        - name: burst
          limits: {tpm: 3000}
          keys: [{key: "%s"}]
        - name: member-a
          team: burst-team
          limits: {tpm: 100000}
          keys: [{key: "%s"}]
        - name: member-b
          team: burst-team
          limits: {tpm: 100000}
          keys: [{key: "%s"}]
        - name: steady
          limits: {tpm: %d}
          keys: [{key: "%s"}]
      """.formatted(BURST_KEY, MEMBER_KEYS.get(0), MEMBER_KEYS.get(1), STEADY_TPM, STEADY_KEY);

  private final RedisServers redis;
  private final Simulator simulator;
  private final List<TestGateway> gateways = new ArrayList<>();

  static SharedRedisGateways standalone() throws IOException {
    RedisServers redis = RedisServers.standalone();
    return start(redis, "--spring.data.redis.url=" + redis.url());
  }

  static SharedRedisGateways cluster() throws IOException {
    RedisServers cluster = RedisServers.cluster(3);
    return start(cluster, "--spring.data.redis.cluster.nodes=" + cluster.clusterNodes());
  }

  private static SharedRedisGateways start(RedisServers redis, String redisArg) throws IOException {
    try {
      return new SharedRedisGateways(redis, 2, redisArg);
    } catch (IOException | RuntimeException e) {
      redis.close();
      throw e;
    }
  }

  private SharedRedisGateways(RedisServers redis, int count, String... redisArgs) throws IOException {
    this.redis = redis;
    simulator = new Simulator();
    for (int i = 0; i < count; i++) {
      Path dir = Files.createTempDirectory("gateway-" + i);
      Path users = Files.writeString(dir.resolve("users.yaml"), USERS);
      List<String> args = new ArrayList<>(List.of("--koreanllm.store.type=redis"));
      args.addAll(List.of(redisArgs));
      // Redis TIME is the clock of the windows; the gateway's own clock only dates its stats.
      gateways.add(TestGateway.start(dir, simulator.url(), users, new MutableClock(Instant.now()),
          args.toArray(String[]::new)));
    }
  }

  List<String> urls() {
    return gateways.stream().map(TestGateway::url).toList();
  }

  TestGateway gateway(int index) {
    return gateways.get(index);
  }

  RedisServers redis() {
    return redis;
  }

  Simulator simulator() {
    return simulator;
  }

  /**
   * Returns once every settlement of the holder's requests the gateways have begun is in Redis. An answer leaves once
   * its settlement is on its replica's connection (to the holder's node), not once Redis has run it; a read of the
   * holder's keys through each replica's connection runs after them.
   */
  void settled(QuotaHolder holder) {
    gateways.forEach(gateway -> gateway.bean(QuotaStore.class)
        .snapshot(holder, QuotaScope.user(holder.user()), ZoneId.of("Asia/Seoul")).block());
  }

  @Override
  public void close() {
    try {
      gateways.forEach(TestGateway::close);
      simulator.close();
    } finally {
      redis.close();
    }
  }
}
