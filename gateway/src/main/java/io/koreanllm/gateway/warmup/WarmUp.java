package io.koreanllm.gateway.warmup;

import io.koreanllm.gateway.policy.PolicyHolder;
import io.koreanllm.gateway.tokenize.Tokenizers;
import io.koreanllm.policy.ModelRoute;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.util.FileSystemUtils;
import reactor.netty.DisposableServer;

/**
 * Compiles the request path before the gateway starts. The JIT compiles a method after some thousands of calls, so a
 * gateway restarted under light traffic spent its first minute interpreting the path every request takes and added
 * several times its warm latency (docs/benchmarks.md). So, before the real instance starts, a private instance of
 * the same application — the same classes, the policy's models with their tokenizers and templates — is started on a
 * loopback port with an embedded store in a temporary folder, its backends replaced by a {@link WarmUpBackend} and
 * its users by one warm-up user ({@link WarmUpPolicy}); it is sent requests through its whole path (authentication,
 * counting, admission, the relay, settlement), plain and streamed, then closed and its folder deleted. The real
 * instance then starts with that code compiled and reports ready only after. Nothing reaches the real store, the
 * real backends, the metrics or the logs: the private instance logs only errors.
 *
 * <p>{@code koreanllm.warm-up.requests} (environment {@code KOREANLLM_WARM_UP_REQUESTS}, or {@code --…} on the
 * command line): how many requests, 0 to start cold. A warm-up that fails is reported and the start goes on.
 */
public final class WarmUp {

  static final String REQUESTS = "koreanllm.warm-up.requests";
  /** Set only on the private instance: the stand-in backend's URL. */
  static final String BACKEND = "koreanllm.warm-up.backend";
  /** Set only on the private instance: the warm-up user's key. */
  static final String KEY = "koreanllm.warm-up.key";

  /**
   * Past the ~1,250 calls after which C2 compiles a method with the JVM options the gateway ships with (a quarter of
   * the JIT's default thresholds): the code every request runs once is compiled by the end.
   */
  private static final int DEFAULT_REQUESTS = 1500;

  private WarmUp() {
  }

  /**
   * Runs the warm-up when it is asked for ({@code koreanllm.warm-up.requests} above 0) and returns what it did, or
   * null when it was not asked for.
   */
  public static WarmUpResult run(Class<?> application, String[] args) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
    int requests = environment.getProperty(REQUESTS, Integer.class, DEFAULT_REQUESTS);
    if (requests <= 0) {
      return null;
    }
    // Nothing is logged until the private instance has set its levels (as Spring Boot does before any start).
    LoggingSystem.get(WarmUp.class.getClassLoader()).beforeInitialize();
    // Spring Boot hands logging settings to the logging system as system properties, kept unless already set: the
    // private instance's would silence the real one.
    Properties properties = (Properties) System.getProperties().clone();
    long start = System.nanoTime();
    try {
      WarmUpTraffic.Counts counts = warm(application, args, requests);
      return new WarmUpResult(counts.sent(), counts.failed(), Duration.ofNanos(System.nanoTime() - start), null);
    } catch (RuntimeException e) {
      return new WarmUpResult(0, 0, Duration.ofNanos(System.nanoTime() - start), e.toString());
    } finally {
      System.setProperties(properties);
      System.gc(); // the private instance's objects, before the real one fills the heap
    }
  }

  private static WarmUpTraffic.Counts warm(Class<?> application, String[] args, int requests) {
    Path folder;
    try {
      folder = Files.createTempDirectory("koreanllm-warm-up");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String key = "sk-warm-up-" + random();
    DisposableServer backend = WarmUpBackend.start();
    SpringApplication instance = new SpringApplication(application);
    instance.addListeners(new Overrides(Map.ofEntries(
        Map.entry("server.port", "0"),
        Map.entry("server.address", "127.0.0.1"),
        Map.entry("koreanllm.store.type", "embedded"),
        Map.entry("koreanllm.store.path", folder.resolve("usage.db").toString()),
        Map.entry("koreanllm.store.redis.journal-path", folder.resolve("usage-journal.jsonl").toString()),
        Map.entry("koreanllm.admin-key", "sk-admin-warm-up-" + random()),
        Map.entry("koreanllm.parity.interval", "0"),
        Map.entry("koreanllm.gpu.metrics-urls", ""),
        Map.entry("management.health.redis.enabled", "false"),
        // No probe may find the private instance: a readiness probe answered by it would send traffic to a pod
        // whose real port is not open yet.
        Map.entry("management.server.port", "-1"),
        // Errors only, whatever levels the real instance is given: thresholds hold for every logger.
        Map.entry("logging.threshold.console", "error"),
        Map.entry("logging.threshold.file", "error"),
        Map.entry(BACKEND, "http://127.0.0.1:" + backend.port()),
        Map.entry(KEY, key))));
    try (ConfigurableApplicationContext context = instance.run(args)) {
      int port = ((WebServerApplicationContext) context).getWebServer().getPort();
      List<ModelRoute> models = context.getBean(PolicyHolder.class).current().models();
      Tokenizers tokenizers = context.getBean(Tokenizers.class);
      return WarmUpTraffic.send(port, key, models, model -> tokenizers.of(model).hasChatTemplate(), requests);
    } finally {
      // Not waited for: a stand-in on a loopback port closing in the background delays nothing, and its closing
      // must not discard the requests already sent.
      backend.dispose();
      FileSystemUtils.deleteRecursively(folder.toFile());
    }
  }

  private static String random() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * The private instance's settings, in front of every other source (command line, environment, files): after the
   * configuration files are read, before logging is set up from them.
   */
  private record Overrides(Map<String, Object> properties)
      implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
      event.getEnvironment().getPropertySources().addFirst(new MapPropertySource("warm-up", properties));
    }

    @Override
    public int getOrder() {
      return Ordered.HIGHEST_PRECEDENCE + 15; // config data is read at +10, logging set up at +20
    }
  }
}
