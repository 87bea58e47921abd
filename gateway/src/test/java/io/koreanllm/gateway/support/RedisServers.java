package io.koreanllm.gateway.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real {@code redis-server} processes on free loopback ports, started by the tests themselves: one standalone
 * server, or a Redis Cluster of masters. Needs the {@code redis-server} and {@code redis-cli} binaries
 * ({@code scripts/test.sh} installs Debian's redis-server).
 */
public final class RedisServers implements AutoCloseable {

  private final Path dir;
  private final String[] persistence;
  private final List<Integer> ports = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();

  private RedisServers(Path dir, String... persistence) {
    this.dir = dir;
    this.persistence = persistence;
    // A test JVM that dies before its @AfterAll must not leave redis-server processes behind.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> processes.forEach(Process::destroyForcibly)));
  }

  /** A server that keeps nothing on disk. */
  public static RedisServers standalone() throws IOException {
    RedisServers servers = new RedisServers(Files.createTempDirectory("redis"), "--appendonly", "no");
    servers.start(freePort());
    return servers;
  }

  /** A server that writes every command to its append-only file before answering, as a production Redis should. */
  public static RedisServers persistent() throws IOException {
    RedisServers servers = new RedisServers(Files.createTempDirectory("redis"), "--appendonly", "yes",
        "--appendfsync", "always");
    servers.start(freePort());
    return servers;
  }

  /** A cluster of {@code masters} masters, no replicas, its slots spread over all of them. */
  public static RedisServers cluster(int masters) throws IOException {
    RedisServers servers = new RedisServers(Files.createTempDirectory("redis-cluster"), "--appendonly", "no");
    for (int i = 0; i < masters; i++) {
      servers.start(freeClusterPort(), "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
          "--cluster-node-timeout", "2000");
    }
    List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
    servers.ports.forEach(port -> create.add("127.0.0.1:" + port));
    create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    servers.run(create);
    for (int port : servers.ports) {
      servers.await(() -> servers.cli(port, "cluster", "info").contains("cluster_state:ok"), "cluster state ok");
    }
    return servers;
  }

  /** The server's address as {@code spring.data.redis.url} takes it (the first node for a cluster). */
  public String url() {
    return "redis://127.0.0.1:" + ports.get(0);
  }

  /** {@code spring.data.redis.cluster.nodes}. */
  public String clusterNodes() {
    return String.join(",", ports.stream().map(port -> "127.0.0.1:" + port).toList());
  }

  public int port() {
    return ports.get(0);
  }

  /** Runs redis-cli against a node and returns what it printed. */
  public String cli(int port, String... command) {
    List<String> line = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
    line.addAll(List.of(command));
    return run(line);
  }

  /** Watches every command the server receives until closed ({@code redis-cli monitor}). */
  public Monitor monitor() throws IOException {
    Process process = new ProcessBuilder("redis-cli", "-p", Integer.toString(port()), "monitor")
        .redirectErrorStream(true).start();
    java.io.BufferedReader lines = new java.io.BufferedReader(
        new java.io.InputStreamReader(process.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
    String first = lines.readLine(); // "OK" once it watches
    if (!"OK".equals(first)) {
      process.destroyForcibly();
      throw new IOException("redis-cli monitor said " + first);
    }
    return new Monitor(process, lines);
  }

  /** A running MONITOR; {@link #clientCommands()} returns what clients have sent so far. */
  public static final class Monitor implements AutoCloseable {
    private final Process process;
    private final List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Monitor(Process process, java.io.BufferedReader lines) {
      this.process = process;
      Thread reader = new Thread(() -> {
        try {
          for (String line; (line = lines.readLine()) != null; ) {
            seen.add(line);
          }
        } catch (IOException e) {
          // the monitor was stopped
        }
      }, "redis-monitor");
      reader.setDaemon(true);
      reader.start();
    }

    /**
     * The commands clients sent, each as MONITOR prints it ({@code "evalsha" "…" …}), leaving out the commands
     * scripts ran inside the server.
     */
    public List<String> clientCommands() throws InterruptedException {
      Thread.sleep(300); // MONITOR's output trails the commands a little
      List<String> commands = new ArrayList<>();
      for (String line : seen) {
        int start = line.indexOf("] ");
        if (start > 0 && !line.substring(0, start).contains("lua")) {
          commands.add(line.substring(start + 2));
        }
      }
      return commands;
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  /** Stops the standalone server as a crash would; {@link #restart()} brings it back on the same port. */
  public void kill() throws InterruptedException {
    Process process = processes.remove(0);
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /**
   * Freezes the standalone server's process (SIGSTOP), as a CPU throttle or a long pause would: its connections stay
   * open and every command waits, unanswered, until {@link #thaw()}.
   */
  public void freeze() {
    signal("STOP");
  }

  public void thaw() {
    signal("CONT");
  }

  private void signal(String name) {
    String output = run(List.of("kill", "-" + name, Long.toString(processes.get(0).pid())));
    if (!output.isBlank()) {
      throw new IllegalStateException("kill -" + name + ": " + output);
    }
  }

  public void restart() throws IOException {
    int port = ports.remove(0);
    start(port);
  }

  private void start(int port, String... extra) throws IOException {
    Path nodeDir = Files.createDirectories(dir.resolve(Integer.toString(port)));
    List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind",
        "127.0.0.1", "--save", "", "--dir", nodeDir.toString()));
    command.addAll(List.of(persistence));
    command.addAll(List.of(extra));
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(nodeDir.resolve("redis.log").toFile()).start();
    } catch (IOException e) {
      throw new IOException("cannot start redis-server (run scripts/test.sh, which installs it): " + e.getMessage(),
          e);
    }
    processes.add(process);
    ports.add(port);
    await(() -> cli(port, "ping").contains("PONG"), "redis-server on port " + port);
  }

  private String run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      process.waitFor(30, TimeUnit.SECONDS);
      return output;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void await(java.util.function.BooleanSupplier ready, String what) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (!ready.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(what + " did not come up; see " + dir);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** A cluster node also listens on its port + 10000 (the cluster bus): both must be free and valid. */
  private static int freeClusterPort() throws IOException {
    java.util.Random random = new java.util.Random();
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = 20_000 + random.nextInt(10_000);
      if (free(port) && free(port + 10_000)) {
        return port;
      }
    }
    throw new IOException("no free port pair for a cluster node");
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    processes.forEach(Process::destroyForcibly);
    for (Process process : processes) {
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
