package io.koreanllm.gateway.quota.redis;

import io.koreanllm.gateway.quota.QuotaStore;
import io.koreanllm.gateway.quota.QuotaStoreContractAccess;
import io.koreanllm.gateway.usage.RedisUsageLedger;
import io.koreanllm.gateway.usage.UsageLedger;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** The contract against a real Redis of some topology, with the gateway's (movable) clock passed to the scripts. */
abstract class RedisStoreContract extends QuotaStoreContractAccess {

  private RedisQuotaStore store;

  /** The running Redis's template; each test starts from an empty Redis. */
  protected abstract ReactiveStringRedisTemplate template();

  static ReactiveStringRedisTemplate connect(RedisConfiguration target) {
    LettuceConnectionFactory connections = new LettuceConnectionFactory(target);
    connections.afterPropertiesSet();
    connections.start();
    return new ReactiveStringRedisTemplate(connections);
  }

  static void disconnect(ReactiveStringRedisTemplate template) {
    ((LettuceConnectionFactory) template.getConnectionFactory()).destroy();
  }

  @BeforeEach
  void fresh() {
    template().execute(connection -> connection.serverCommands().flushAll()).blockLast();
    store = new RedisQuotaStore(template(), RedisScripts.load(), clock, true, Duration.ofMinutes(10), 400);
  }

  @Override
  protected QuotaStore store() {
    return store;
  }

  @Override
  protected UsageLedger ledger() {
    return new RedisUsageLedger(template());
  }
}
