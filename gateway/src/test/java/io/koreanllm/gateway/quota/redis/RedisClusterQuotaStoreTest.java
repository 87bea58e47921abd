package io.koreanllm.gateway.quota.redis;

import io.koreanllm.gateway.support.RedisServers;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The contract on a three-master Redis Cluster: a member's and the team's scopes live in one slot, so each admission
 * and settlement is one script on one node (a key of another slot would fail the script with CROSSSLOT).
 */
class RedisClusterQuotaStoreTest extends RedisStoreContract {

  private static RedisServers cluster;
  private static ReactiveStringRedisTemplate template;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = RedisServers.cluster(3);
    template = connect(new RedisClusterConfiguration(List.of(cluster.clusterNodes().split(","))));
  }

  @AfterAll
  static void stopCluster() {
    disconnect(template);
    cluster.close();
  }

  @Override
  protected ReactiveStringRedisTemplate template() {
    return template;
  }
}
