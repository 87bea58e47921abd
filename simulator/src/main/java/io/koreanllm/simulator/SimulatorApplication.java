package io.koreanllm.simulator;

import io.koreanllm.simulator.control.SimulatorSettings;
import io.koreanllm.tokenizer.TokenizerCatalog;
import io.koreanllm.tokenizer.TokenizerResolver;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * An OpenAI-compatible stand-in for SGLang/vLLM: counts prompts with the real tokenizers and streams canned Korean
 * answers token by token, with settable delays and faults.
 *
 * <p>It often runs inside the gateway's test JVM next to the gateway's own Spring Boot application, so it keeps to
 * itself: it reads {@code simulator.yml}/{@code simulator.properties} (never {@code application.yml}) and scans only
 * {@code io.koreanllm.simulator}.
 */
@SpringBootApplication
@EnableConfigurationProperties(SimulatorSettings.class)
public class SimulatorApplication {

  /** Defaults that {@code simulator.yml} and arguments override; set here because they must hold before config is read. */
  private static final Map<String, Object> DEFAULTS = Map.of(
      "spring.config.name", "simulator",
      "server.port", 8000,
      "spring.main.banner-mode", "off",
      // Benchmarks send long prompts; WebFlux's default of 256 KB per body would refuse them.
      "spring.http.codecs.max-in-memory-size", "16MB");

  public static void main(String[] args) {
    start(args);
  }

  /**
   * Starts the simulator, e.g. {@code start("--server.port=0", "--simulator.ttft-ms=200")}; read the chosen port with
   * {@link #port(ConfigurableApplicationContext)} and stop it with {@code close()}.
   */
  public static ConfigurableApplicationContext start(String... args) {
    SpringApplication application = new SpringApplication(SimulatorApplication.class);
    application.setWebApplicationType(WebApplicationType.REACTIVE);
    application.setDefaultProperties(DEFAULTS);
    return application.run(args);
  }

  /** The port a started simulator listens on (the real one when started with {@code --server.port=0}). */
  public static int port(ConfigurableApplicationContext context) {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  @Bean
  TokenizerResolver tokenizerResolver() {
    return TokenizerResolver.fromEnvironment();
  }

  @Bean(destroyMethod = "close")
  TokenizerCatalog tokenizerCatalog(TokenizerResolver resolver) {
    return new TokenizerCatalog(resolver);
  }
}
