package io.koreanllm.gateway.quota.redis;

import io.koreanllm.gateway.support.RedisServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** The contract against a real redis-server. */
class RedisQuotaStoreTest extends RedisStoreContract {

  private static RedisServers redis;
  private static ReactiveStringRedisTemplate template;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisServers.standalone();
    template = connect(new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
  }

  @AfterAll
  static void stopRedis() {
    disconnect(template);
    redis.close();
  }

  @Override
  protected ReactiveStringRedisTemplate template() {
    return template;
  }
}
