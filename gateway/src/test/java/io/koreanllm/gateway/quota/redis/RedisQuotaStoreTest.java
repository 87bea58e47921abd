package io.koreanllm.gateway.quota.redis;

import io.koreanllm.gateway.quota.QuotaStore;
import io.koreanllm.gateway.quota.QuotaStoreContractAccess;
import io.koreanllm.gateway.support.RedisServers;
import io.koreanllm.gateway.usage.RedisUsageLedger;
import io.koreanllm.gateway.usage.UsageLedger;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** The contract, against a real redis-server with the gateway's (movable) clock passed to the scripts. */
class RedisQuotaStoreTest extends QuotaStoreContractAccess {

  private static RedisServers redis;
  private static LettuceConnectionFactory connections;
  private static ReactiveStringRedisTemplate template;
  private RedisQuotaStore store;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisServers.standalone();
    connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
    connections.afterPropertiesSet();
    connections.start();
    template = new ReactiveStringRedisTemplate(connections);
  }

  @AfterAll
  static void stopRedis() {
    connections.destroy();
    redis.close();
  }

  @BeforeEach
  void fresh() {
    template.execute(connection -> connection.serverCommands().flushAll()).blockLast();
    store = new RedisQuotaStore(template, RedisScripts.load(), clock, true, Duration.ofMinutes(10));
  }

  @Override
  protected QuotaStore store() {
    return store;
  }

  @Override
  protected UsageLedger ledger() {
    return new RedisUsageLedger(template);
  }
}
