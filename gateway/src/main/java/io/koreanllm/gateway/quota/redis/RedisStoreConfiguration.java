package io.koreanllm.gateway.quota.redis;

import io.koreanllm.gateway.quota.QuotaStore;
import io.koreanllm.gateway.usage.RedisUsageLedger;
import io.koreanllm.gateway.usage.UsageLedger;
import io.lettuce.core.ClientOptions;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Every replica shares one Redis ({@code koreanllm.store.type: redis}; standalone, Sentinel or Cluster, as
 * {@code spring.data.redis.*} says).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "koreanllm.store.type", havingValue = "redis")
@EnableConfigurationProperties(RedisStoreConfiguration.Settings.class)
class RedisStoreConfiguration {

  /**
   * @param failureMode what to do while Redis is unreachable: {@code closed}, {@code open} or {@code local}
   * @param operationTimeout how long one Redis call may take before Redis counts as unreachable
   * @param gatewayClock measure windows with the gateway's clock instead of Redis {@code TIME} (tests only: replicas
   *     would each bring their own clock)
   * @param inFlightLease how long a request in flight holds its concurrency slot if its gateway dies before settling
   */
  @ConfigurationProperties("koreanllm.store.redis")
  record Settings(FailureMode failureMode, Duration operationTimeout, boolean gatewayClock,
      Duration inFlightLease) {
    Settings {
      failureMode = failureMode == null ? FailureMode.LOCAL : failureMode;
      operationTimeout = operationTimeout == null ? Duration.ofSeconds(1) : operationTimeout;
      inFlightLease = inFlightLease == null ? Duration.ofMinutes(10) : inFlightLease;
    }
  }

  @Bean(destroyMethod = "close")
  QuotaStore quotaStore(ReactiveStringRedisTemplate redis, Clock clock, Settings settings) {
    RedisQuotaStore store = new RedisQuotaStore(redis, RedisScripts.load(), clock, settings.gatewayClock(),
        settings.inFlightLease());
    return new ResilientQuotaStore(store, settings.failureMode(), clock, settings.operationTimeout());
  }

  @Bean
  UsageLedger usageLedger(ReactiveStringRedisTemplate redis) {
    return new RedisUsageLedger(redis);
  }

  /**
   * While disconnected, Lettuce would queue commands and run them on reconnect: an admission the gateway had already
   * given up on (and decided alone) would then reserve tokens a second time. Refuse them instead.
   */
  @Bean
  LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
    return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
  }
}
