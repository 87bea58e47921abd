package io.koreanllm.gateway.queue;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** With the embedded store a model's capacity is this process's own (the Redis store shares it: queue.redis). */
@Configuration(proxyBeanMethods = false)
class QueueConfiguration {

  @Bean
  @ConditionalOnProperty(name = "koreanllm.store.type", havingValue = "embedded", matchIfMissing = true)
  CapacityProvider localCapacity() {
    return (model, requests, tokens, reserve) -> new LocalCapacity(requests, tokens, reserve);
  }
}
