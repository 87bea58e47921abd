package io.koreanllm.gateway.warmup;

import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Only in the warm-up's private instance ({@link WarmUp}): Reactor Netty's event loops and connection pool of its own.
 * An instance on the global ones disposes them when it closes, the pool and the loops at once; with no quiet period
 * (the private instance closes without one) a full test run once saw a loop already shut down refuse a listener's
 * notification ("Failed to submit a listener notification task") and the disposal waiting on it never end: the start
 * hung in the warm-up's close. Its own are closed one after the other, the pool first, and the global ones, which the
 * real instance goes on using, are left alone.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(WarmUp.BACKEND)
class WarmUpResources {

  @Bean
  static ReactorResourceFactory reactorResourceFactory() {
    ReactorResourceFactory resources = new ReactorResourceFactory();
    resources.setUseGlobalResources(false);
    resources.setShutdownQuietPeriod(Duration.ZERO);
    return resources;
  }
}
