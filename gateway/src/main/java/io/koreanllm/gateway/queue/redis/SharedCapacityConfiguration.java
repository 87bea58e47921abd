package io.koreanllm.gateway.queue.redis;

import io.koreanllm.gateway.queue.CapacityProvider;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;

/** With the Redis store, every replica shares each model's capacity: together they never oversubscribe the GPU. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "koreanllm.store.type", havingValue = "redis")
class SharedCapacityConfiguration {

  @Bean(destroyMethod = "destroy")
  ReactiveRedisMessageListenerContainer slotListeners(ReactiveRedisConnectionFactory connections) {
    return new ReactiveRedisMessageListenerContainer(connections);
  }

  @Bean
  CapacityProvider sharedCapacity(ReactiveStringRedisTemplate redis, ReactiveRedisMessageListenerContainer listeners) {
    String replica = UUID.randomUUID().toString();
    return (model, requests, tokens, reserve) -> new SharedCapacity(redis, listeners, replica, model, requests,
        tokens, reserve);
  }
}
