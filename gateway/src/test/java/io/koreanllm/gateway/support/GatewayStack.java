package io.koreanllm.gateway.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's running system: the real simulator and the real gateway (shipped demo users, movable clock,
 * its own folder for the embedded store), started once for the class and stopped after it. Register it as a
 * static {@code @RegisterExtension} field.
 */
public final class GatewayStack implements BeforeAllCallback, AfterAllCallback {

  /** In a gateway argument, stands for the simulator's base URL, known only once it runs. */
  public static final String SIMULATOR_URL = "{simulator-url}";

  private final String[] gatewayArgs;
  private final UnaryOperator<Path> usersFile;
  private String models;
  private Path dir;
  private Simulator simulator;
  private TestGateway gateway;

  private GatewayStack(UnaryOperator<Path> usersFile, String... gatewayArgs) {
    this.usersFile = usersFile;
    this.gatewayArgs = gatewayArgs;
  }

  /** With the shipped config/users.yaml, read in place. */
  public static GatewayStack withShippedUsers(String... gatewayArgs) {
    return new GatewayStack(dir -> TestGateway.SHIPPED_USERS, gatewayArgs);
  }

  /** With a copy of the shipped users file in the stack's folder, which a test may edit. */
  public static GatewayStack withEditableUsers(String... gatewayArgs) {
    return new GatewayStack(dir -> dir.resolve("users.yaml"), gatewayArgs);
  }

  /** With this users file, written to the stack's folder. */
  public static GatewayStack withUsers(String usersYaml, String... gatewayArgs) {
    return new GatewayStack(dir -> {
      Path users = dir.resolve("users.yaml");
      try {
        if (!Files.exists(users)) {
          Files.writeString(users, usersYaml);
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return users;
    }, gatewayArgs);
  }

  /** With these models instead of config/models.yaml's (their backends pointed at the simulator all the same). */
  public GatewayStack withModels(String modelsYaml) {
    this.models = modelsYaml;
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dir = Files.createTempDirectory("gateway-stack");
    if (models != null) {
      Files.writeString(dir.resolve("models.yaml"), models);
    }
    Path users = usersFile.apply(dir);
    if (!Files.exists(users)) {
      Files.copy(TestGateway.SHIPPED_USERS, users);
    }
    simulator = new Simulator();
    String[] args = java.util.Arrays.stream(gatewayArgs).map(arg -> arg.replace(SIMULATOR_URL, simulator.url()))
        .toArray(String[]::new);
    gateway = TestGateway.start(dir, simulator.url(), users, new MutableClock(TestGateway.START), args);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    gateway.close();
    simulator.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  /** Back to a quiet simulator and empty minute windows, so each test starts alike. */
  public void freshMinute() {
    simulator.reset();
    gateway.clock().advance(Duration.ofMinutes(2));
  }

  public Path usersFile() {
    return usersFile.apply(dir);
  }

  public Simulator simulator() {
    return simulator;
  }

  public TestGateway gateway() {
    return gateway;
  }
}
