package io.koreanllm.gateway.observe;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.webflux.autoconfigure.WebHttpHandlerBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * Spring's own per-request observations, off unless an operator turns them on
 * ({@code management.observations.enable.http.server.requests} / {@code spring.security} = true, docs/operations.md).
 * Turned off by those properties alone, each request still built a no-op observation around the HTTP exchange and
 * around every security filter, authentication and authorization; these beans leave the wrappers out altogether
 * (a few percent of the event loops' time in a profile, docs/benchmarks.md). {@code koreanllm_requests_total} counts
 * every request by user, model and outcome.
 */
@Configuration(proxyBeanMethods = false)
class SpringObservations {

  @Bean
  @ConditionalOnProperty(name = "management.observations.enable.http.server.requests", havingValue = "false",
      matchIfMissing = true)
  WebHttpHandlerBuilderCustomizer noHttpServerObservations() {
    return builder -> builder.observationRegistry(ObservationRegistry.NOOP);
  }

  @Bean
  @ConditionalOnProperty(name = "management.observations.enable.spring.security", havingValue = "false",
      matchIfMissing = true)
  static SecurityObservationSettings noSecurityObservations() {
    return SecurityObservationSettings.noObservations();
  }
}
