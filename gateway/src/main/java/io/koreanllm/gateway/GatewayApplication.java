package io.koreanllm.gateway;

import io.koreanllm.gateway.warmup.WarmUp;
import io.koreanllm.gateway.warmup.WarmUpResult;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** The Korean LLM Token Limiter gateway. Each feature package wires its own beans. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

  public static void main(String[] args) {
    SpringApplication application = new SpringApplication(GatewayApplication.class);
    WarmUpResult warmUp = WarmUp.run(GatewayApplication.class, args);
    if (warmUp != null) {
      application.addInitializers(context -> context.getBeanFactory().registerSingleton("warmUpResult", warmUp));
    }
    application.run(args);
  }

  /** The clock every window is measured with; tests replace it to move time without sleeping. */
  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }
}
