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
import java.util.function.Predicate;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.convert.ApplicationConversionService;
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
 * loopback port with the real instance's kind of store — an embedded one in a temporary folder, or Redis answered by
 * a {@link WarmUpRedis} stand-in —, its backends replaced by a {@link WarmUpBackend} and its users by one warm-up
 * user ({@link WarmUpPolicy}); it is sent requests through its whole path (authentication,
 * counting, admission, the relay, settlement), plain and streamed, then closed and its folder deleted. The real
 * instance then starts with that code compiled and reports ready only after. Nothing reaches the real store, the
 * real backends, the metrics or the logs: the private instance logs only errors.
 *
 * <p>{@code koreanllm.warm-up.requests} (environment {@code KOREANLLM_WARM_UP_REQUESTS}, or {@code --…} on the
 * command line): how many requests, 0 to start cold; {@code koreanllm.warm-up.settling}: how long further rounds may
 * go on while the JIT still compiles (20 s; 0 for none). A warm-up that fails is reported and the start goes on.
 */
public final class WarmUp {

  static final String REQUESTS = "koreanllm.warm-up.requests";
  static final String SETTLING = "koreanllm.warm-up.settling";
  /** Set only on the private instance: the stand-in backend's URL. */
  static final String BACKEND = "koreanllm.warm-up.backend";
  /** Set only on the private instance: the warm-up user's key. */
  static final String KEY = "koreanllm.warm-up.key";
  /** Set only on the private instance: the port of the stand-in for Redis. */
  static final String REDIS = "koreanllm.warm-up.redis";

  /**
   * Past the ~1,250 calls after which C2 compiles a method with the JVM options the gateway ships with (a quarter of
   * the JIT's default thresholds): the code every request runs once is compiled by the end.
   */
  private static final int DEFAULT_REQUESTS = 1500;
  private static final int IN_FLIGHT = 4;
  /** How long the rounds that let the JIT settle may take, at most (0 for none). */
  private static final Duration DEFAULT_SETTLING = Duration.ofSeconds(20);
  private static final int SETTLING_ROUND = 300;
  private static final int SETTLING_IN_FLIGHT = 2;
  /** Two rounds in a row in which the compilers worked less than this share of the time: the JIT has settled. */
  private static final int QUIET_ROUNDS = 2;
  private static final long QUIET_PERCENT = 10;

  private WarmUp() {
  }

  /**
   * Runs the warm-up when it is asked for ({@code koreanllm.warm-up.requests} above 0) and returns what it did, or
   * null when it was not asked for.
   */
  public static WarmUpResult run(Class<?> application, String[] args) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.setConversionService(new ApplicationConversionService()); // "20s" as Spring Boot reads it
    environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
    int requests = environment.getProperty(REQUESTS, Integer.class, DEFAULT_REQUESTS);
    Duration settling = environment.getProperty(SETTLING, Duration.class, DEFAULT_SETTLING);
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
      Sent sent = warm(application, args, requests, settling);
      return new WarmUpResult(sent.requests(), sent.failed(), sent.settled(), sent.scripts(),
          Duration.ofNanos(System.nanoTime() - start), null);
    } catch (RuntimeException e) {
      return new WarmUpResult(0, 0, false, 0, Duration.ofNanos(System.nanoTime() - start), e.toString());
    } finally {
      System.setProperties(properties);
      System.gc(); // the private instance's objects, before the real one fills the heap
    }
  }

  private static Sent warm(Class<?> application, String[] args, int requests, Duration settling) {
    Path folder;
    try {
      folder = Files.createTempDirectory("koreanllm-warm-up");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String key = "sk-warm-up-" + random();
    DisposableServer backend = WarmUpBackend.start();
    WarmUpRedis redis = WarmUpRedis.start();
    SpringApplication instance = new SpringApplication(application);
    instance.addListeners(new Overrides(Map.ofEntries(
        Map.entry("server.port", "0"),
        Map.entry("server.address", "127.0.0.1"),
        // The store the real instance has: an embedded one in the folder, Redis answered by the stand-in.
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
        Map.entry(REDIS, Integer.toString(redis.port())),
        Map.entry(KEY, key))));
    try (ConfigurableApplicationContext context = instance.run(args)) {
      int port = ((WebServerApplicationContext) context).getWebServer().getPort();
      List<ModelRoute> models = context.getBean(PolicyHolder.class).current().models();
      Tokenizers tokenizers = context.getBean(Tokenizers.class);
      Predicate<ModelRoute> chats = model -> tokenizers.of(model).hasChatTemplate();
      WarmUpTraffic.Counts counts = WarmUpTraffic.send(port, key, models, chats, requests, IN_FLIGHT);
      // The JIT's C2 compiler takes the most called methods first, raises its thresholds while its queue is long and
      // drops queued methods no longer called: when the requests above end, much of the path is still only half
      // compiled (C1, profiling), and a gateway started then compiled about a thousand methods in its first ten
      // seconds of traffic. So rounds of requests go on, two at a time to leave the compilers a core, until two in a
      // row find the compilers almost idle or the time allowed is up.
      JitActivity jit = new JitActivity();
      long ends = System.nanoTime() + settling.toNanos();
      int quietRounds = 0;
      while (jit.measurable() && quietRounds < QUIET_ROUNDS && System.nanoTime() < ends) {
        long compiling = jit.compilingMillis();
        long roundStart = System.nanoTime();
        counts.add(WarmUpTraffic.send(port, key, models, chats, SETTLING_ROUND, SETTLING_IN_FLIGHT));
        long roundMillis = Math.max(1, (System.nanoTime() - roundStart) / 1_000_000);
        quietRounds = (jit.compilingMillis() - compiling) * 100 < roundMillis * QUIET_PERCENT ? quietRounds + 1 : 0;
      }
      return new Sent(counts.sent(), counts.failed(), quietRounds == QUIET_ROUNDS, redis.scriptsAnswered());
    } finally {
      // Not waited for: a stand-in on a loopback port closing in the background delays nothing, and its closing
      // must not discard the requests already sent.
      backend.dispose();
      redis.dispose();
      FileSystemUtils.deleteRecursively(folder.toFile());
    }
  }

  private record Sent(int requests, int failed, boolean settled, int scripts) {
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
