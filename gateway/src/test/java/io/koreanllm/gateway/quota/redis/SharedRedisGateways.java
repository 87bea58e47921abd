package io.koreanllm.gateway.quota.redis;

import io.koreanllm.gateway.support.MutableClock;
import io.koreanllm.gateway.support.Simulator;
import io.koreanllm.gateway.support.TestGateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Several real gateways sharing one Redis (standalone or cluster), with one simulator behind them. */
final class SharedRedisGateways implements AutoCloseable {

  static final String BURST_KEY = "sk-burst-test-key-0001";
  /** A user with a small tokens-per-minute limit and nothing else, so only tpm can refuse. */
  static final String USERS = """
      defaults:
        limits: {rpm: 0, tpm: 0, tph: 0, tpd: 0, cooldownMinutes: 0}
      users:
        - name: burst
          limits: {tpm: 3000}
          keys: [{key: "%s"}]
      """.formatted(BURST_KEY);

  private final Simulator simulator;
  private final List<TestGateway> gateways = new ArrayList<>();

  SharedRedisGateways(int count, String... redisArgs) throws IOException {
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

  @Override
  public void close() {
    gateways.forEach(TestGateway::close);
    simulator.close();
  }
}
