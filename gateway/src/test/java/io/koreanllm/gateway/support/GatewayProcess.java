package io.koreanllm.gateway.support;

import io.koreanllm.gateway.GatewayApplication;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real gateway in a JVM of its own, as a replica runs in production: started cold (without the warm-up, unless
 * its arguments ask for one), with the JVM options the chart gives it, its own port, data folder and log file; it
 * can be killed as a crash would ({@code SIGKILL}).
 */
public final class GatewayProcess implements AutoCloseable {

  private final Process process;
  private final int port;
  private final Path log;

  private GatewayProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts a gateway on {@code dir} (its data and log live there) with config/models.yaml's models served by
   * {@code backendUrl}; returns once the process runs, not once it is healthy ({@link #awaitHealthy}).
   */
  public static GatewayProcess start(Path dir, String backendUrl, Path usersFile, String... args)
      throws IOException {
    Files.createDirectories(dir);
    Path models = dir.resolve("models.yaml");
    Files.writeString(models, Files.readString(Path.of("../config/models.yaml"))
        .replaceAll("(?m)^(\\s*backend:).*$", "$1 " + backendUrl));
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms64m", "-Xmx256m",
        "-XX:CompileThresholdScaling=0.25",
        "-Dkoreanllm.tokenizers.dir=" + System.getProperty("koreanllm.tokenizers.dir", ""),
        "-cp", mainClassPath(), GatewayApplication.class.getName(),
        "--server.port=" + port,
        "--koreanllm.policy-files[0]=" + usersFile.toAbsolutePath(),
        "--koreanllm.policy-files[1]=" + models.toAbsolutePath(),
        "--koreanllm.admin-key=" + TestGateway.ADMIN_KEY,
        "--koreanllm.store.path=" + dir.resolve("usage.db").toAbsolutePath(),
        "--koreanllm.store.redis.journal-path=" + dir.resolve("usage-journal.jsonl").toAbsolutePath(),
        "--logging.level.root=warn", "--logging.level.io.koreanllm=info"));
    if (Arrays.stream(args).noneMatch(arg -> arg.startsWith("--koreanllm.warm-up.requests="))) {
      command.add("--koreanllm.warm-up.requests=0"); // cold, the worst case, unless a test asks for the warm-up
    }
    command.addAll(Arrays.asList(args));
    Path log = dir.resolve("gateway-" + port + ".log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    GatewayProcess gateway = new GatewayProcess(process, port, log);
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    return gateway;
  }

  /** Waits until {@code /health} answers; fails with the log's tail if the process dies first. */
  public GatewayProcess awaitHealthy(Duration atMost) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plus(atMost);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the gateway on port " + port + " exited: " + tail());
      }
      try {
        HttpResponse<Void> health = client.send(HttpRequest.newBuilder(URI.create(url() + "/health"))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
        if (health.statusCode() == 200) {
          return this;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the gateway on port " + port + " is not healthy after " + atMost + ": " + tail());
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public Path log() {
    return log;
  }

  /** Kills the process as a crash would: no shutdown hook, no flush, no goodbye to Redis. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(20, TimeUnit.SECONDS);
  }

  /** The end of the log, for a failure's message. */
  public String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      kill();
    }
  }

  /** The test JVM's class path without the test classes: the gateway as it is built, and its dependencies. */
  private static String mainClassPath() {
    String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return Arrays.stream(path.split(File.pathSeparator))
        .filter(entry -> !entry.endsWith("test-classes"))
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
