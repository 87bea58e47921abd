package io.koreanllm.gateway.warmup;

import io.lettuce.core.resource.ClientResources;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Only in the warm-up's private instance ({@link WarmUp}): its Redis connections go to the {@link WarmUpRedis}
 * stand-in, whatever {@code spring.data.redis.*} says (a Sentinel or a Cluster included). Spring Boot's own
 * connection factory backs off when one is defined, so no connection of the private instance can reach the real
 * Redis.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(WarmUp.REDIS)
class WarmUpRedisConnections {

  @Bean
  LettuceConnectionFactory warmUpRedisConnectionFactory(Environment environment,
      ObjectProvider<ClientResources> resources) {
    LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder();
    resources.ifAvailable(client::clientResources);
    return new LettuceConnectionFactory(
        new RedisStandaloneConfiguration("127.0.0.1", environment.getRequiredProperty(WarmUp.REDIS, Integer.class)),
        client.build());
  }
}
