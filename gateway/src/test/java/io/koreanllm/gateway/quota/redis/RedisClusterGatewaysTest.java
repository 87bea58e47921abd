package io.koreanllm.gateway.quota.redis;

import static io.koreanllm.gateway.support.Requests.koreanChat;

import io.koreanllm.gateway.support.Burst;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same bursts against a three-master Redis Cluster on loopback: hash-tagged keys keep each script on one node, a
 * team's and its members' keys included.
 */
class RedisClusterGatewaysTest {

  private static SharedRedisGateways gateways;

  @BeforeAll
  static void start() throws Exception {
    gateways = SharedRedisGateways.cluster();
  }

  @AfterAll
  static void stop() {
    gateways.close();
  }

  @Test
  void twoHundredConcurrentRequestsNeverOvershootTpmAndEachIsSettledOnce() {
    RedisGatewaysTest.assertShared(Burst.send(gateways.urls(), SharedRedisGateways.BURST_KEY,
        koreanChat("korean-qwen", 50), 200), gateways);
  }

  @Test
  void twoMembersOfOneTeamBurstingThroughBothReplicasNeverOvershootTheTeamsTpm() {
    RedisGatewaysTest.assertTeamShared(Burst.send(gateways.urls(), SharedRedisGateways.MEMBER_KEYS,
        koreanChat("korean-qwen", 50), 200), gateways);
  }
}
