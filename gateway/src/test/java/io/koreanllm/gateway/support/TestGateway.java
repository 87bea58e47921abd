package io.koreanllm.gateway.support;

import io.koreanllm.gateway.GatewayApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The real gateway application on a free port, with a movable clock, its embedded store in a folder of the test's,
 * and models pointed at a running simulator.
 */
public final class TestGateway implements AutoCloseable {

  public static final String ADMIN_KEY = "sk-admin-test-key-0123456789";
  /** The shipped local configuration: the seeds' demo users. */
  public static final Path SHIPPED_USERS = Path.of("../config/users.yaml");
  /** 2026-11-22 10:00 in Seoul. */
  public static final Instant START = Instant.parse("2026-11-22T01:00:00Z");

  private final ConfigurableApplicationContext context;
  private final MutableClock clock;
  private final WebTestClient client;

  private TestGateway(ConfigurableApplicationContext context, MutableClock clock) {
    this.context = context;
    this.clock = clock;
    this.client = TestClients.webTestClient(url());
  }

  /** Starts a gateway whose models are config/models.yaml's, served by {@code backendUrl}. */
  public static TestGateway start(Path dir, String backendUrl, Path usersFile, MutableClock clock,
      String... extraArgs) throws IOException {
    return start(dir, backendUrl, usersFile, clock, List.of(), extraArgs);
  }

  /**
   * The same, with further beans the application must use instead of its own (a Kubernetes client). A
   * {@code models.yaml} the test wrote in {@code dir} is used instead of config/'s, its backends pointed the same way.
   */
  public static TestGateway start(Path dir, String backendUrl, Path usersFile, MutableClock clock, List<Object> beans,
      String... extraArgs) throws IOException {
    Path models = dir.resolve("models.yaml");
    String source = Files.readString(Files.exists(models) ? models : Path.of("../config/models.yaml"));
    Files.writeString(models, source.replaceAll("(?m)^(\\s*backend:).*$", "$1 " + backendUrl));
    List<String> args = new ArrayList<>(List.of("--server.port=0",
        "--koreanllm.policy-files[0]=" + usersFile.toAbsolutePath(),
        "--koreanllm.policy-files[1]=" + models.toAbsolutePath(),
        "--koreanllm.admin-key=" + ADMIN_KEY,
        "--koreanllm.store.path=" + dir.resolve("usage.db").toAbsolutePath(),
        "--koreanllm.store.redis.journal-path=" + dir.resolve("usage-journal.jsonl").toAbsolutePath(),
        "--logging.level.root=warn"));
    // The parity probe runs only when a test asks for it (an interval of its own, or POST /admin/parity/run), so its
    // requests to the simulator never mix into another test's.
    if (Arrays.stream(extraArgs).noneMatch(arg -> arg.startsWith("--koreanllm.parity.interval="))) {
      args.add("--koreanllm.parity.interval=0");
    }
    args.addAll(List.of(extraArgs));
    SpringApplication application = new SpringApplication(GatewayApplication.class);
    application.addInitializers(context -> {
      context.getBeanFactory().registerSingleton("testClock", clock);
      beans.forEach(bean -> context.getBeanFactory().registerSingleton("test" + bean.getClass().getSimpleName(), bean));
    });
    return new TestGateway(application.run(args.toArray(String[]::new)), clock);
  }

  public String url() {
    return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  public WebTestClient client() {
    return client;
  }

  public MutableClock clock() {
    return clock;
  }

  public ApplicationContext context() {
    return context;
  }

  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  @Override
  public void close() {
    context.close();
  }
}
