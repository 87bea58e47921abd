package io.koreanllm.helm;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.koreanllm.operator.MockCluster;
import io.koreanllm.policy.Defaults;
import io.koreanllm.policy.Engine;
import io.koreanllm.policy.ModelRoute;
import io.koreanllm.policy.Policy;
import io.koreanllm.policy.PolicyWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The gateway as the chart runs it, offline: its real executable jar, started with exactly the environment the
 * rendered Deployment gives its container (secrets read from the rendered Secrets), the container's paths on local
 * folders standing in for its volumes and for the tokenizers baked into the image, a real Redis and the policy
 * ConfigMap on a mock API server. The hub address and the JVM's HTTP(S) proxy point at a port that records every
 * connection: whatever the gateway would fetch from outside shows up there.
 *
 * <p>What had to change for a machine that is not a pod: the ports (free ones), Redis' host (the loopback), the
 * API server's address and the user's home (/tmp in the image).
 */
class OfflineGatewayTest {

  private static final Path GATEWAY_JAR = Path.of(System.getProperty("koreanllm.gateway.jar",
      "../gateway/target/gateway-0.1.0-SNAPSHOT-exec.jar"));
  private static final Path TOKENIZERS = Path.of(System.getProperty("koreanllm.tokenizers.dir"));
  /** Where the image build puts the tokenizers (the gateway pom's Jib extraDirectories). */
  private static final String IMAGE_TOKENIZERS = "/opt/korean-llm-limiter/tokenizers";
  /** The seed's vLLM model: a user puts its tokenizer files on the volume (here the Llama-3 vocabulary it uses). */
  private static final String GGACHI = "torchtorchkimtorch/Llama-3.2-Korean-GGACHI-1B-Instruct-v1";
  private static final Duration START = Duration.ofMinutes(2);

  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir
  Path work;

  @Test
  void withTheOfflineValuesItStartsOnTheFilesItHasAndCallsNothingOutside() throws Exception {
    Chart.Rendered chart = Chart.render(Map.of("tokenizers.offline", true,
        "tokenizers.volume.persistentVolumeClaim.claimName", "tokenizers"));
    Path volume = work.resolve("volume");
    copyTokenizer("llama3", volume.resolve("hub").resolve(GGACHI.replace("/", "--")));

    try (RecordingPort outside = new RecordingPort(); MockCluster cluster = new MockCluster();
        RedisProcess redis = RedisProcess.start(secret(chart, "redis", "password"), work.resolve("redis.log"))) {
      Gateway gateway = start(chart, Map.of("tokenizers", volume), outside, cluster, redis);
      try {
        gateway.awaitReady();
        String models = gateway.get("/v1/models");
        assertThat(models).contains("\"id\":\"korean-qwen\"", "\"id\":\"korean-llama\"");
        for (String model : List.of("korean-qwen", "korean-llama")) {
          assertThat(gateway.get("/token-info?model=" + model + "&text="
              + URLEncoder.encode("안녕하세요, 한국어 토큰을 셉니다.", StandardCharsets.UTF_8)))
              .containsPattern("\"token_count\":[1-9]");
        }
      } finally {
        gateway.stop();
      }
      assertThat(outside.seen()).as("connections to the hub or through the proxy").isEmpty();
      assertThat(gateway.log()).doesNotContain("downloading");
    }
  }

  @Test
  void withoutTheFilesOfflineTheStartFailsNamingTheMissingFile() throws Exception {
    Chart.Rendered chart = Chart.render(Map.of());

    try (RecordingPort outside = new RecordingPort(); MockCluster cluster = new MockCluster();
        RedisProcess redis = RedisProcess.start(secret(chart, "redis", "password"), work.resolve("redis.log"))) {
      Gateway gateway = start(chart, Map.of(), outside, cluster, redis);
      try {
        int exit = gateway.awaitExit();
        assertThat(exit).isNotZero();
      } finally {
        gateway.stop();
      }
      String hubFolder = "hub/" + GGACHI.replace("/", "--") + "/tokenizer.json";
      assertThat(gateway.log()).contains("tokenizer " + GGACHI + ": missing")
          .contains(work.resolve("image").resolve(hubFolder).toString())
          .contains("HF_HUB_OFFLINE");
      assertThat(outside.seen()).isEmpty();
    }
  }

  /**
   * Starts the gateway jar with the rendered container's environment; {@code volumes} maps a volume name to the
   * local folder standing in for it (every other mount gets an empty folder).
   */
  private Gateway start(Chart.Rendered chart, Map<String, Path> volumes, RecordingPort outside, MockCluster cluster,
      RedisProcess redis) throws IOException {
    assertThat(GATEWAY_JAR).as("the gateway's executable jar; build with -pl helm-tests -am verify").exists();
    Container container = Containers.of(chart, "gateway");

    // The container's paths on local folders: its volumes, and the tokenizers the image carries.
    Map<String, Path> paths = new LinkedHashMap<>();
    Path image = work.resolve("image");
    copyTokenizer("qwen3", image.resolve("qwen3"));
    copyTokenizer("llama3", image.resolve("llama3"));
    paths.put(IMAGE_TOKENIZERS, image);
    for (VolumeMount mount : container.getVolumeMounts()) {
      Path local = volumes.getOrDefault(mount.getName(), work.resolve("mount-" + mount.getName()));
      Files.createDirectories(local);
      paths.put(mount.getMountPath(), local);
    }
    Path tmp = paths.get("/tmp");

    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar var : container.getEnv()) {
      String value = var.getValue() != null ? var.getValue()
          : secret(chart, var.getValueFrom().getSecretKeyRef().getName().substring(Chart.PREFIX.length()),
              var.getValueFrom().getSecretKeyRef().getKey());
      env.put(var.getName(), local(value, paths));
    }
    int port = RedisProcess.freePort();
    int management = RedisProcess.freePort();
    env.put("GATEWAY_PORT", String.valueOf(port));
    env.put("MANAGEMENT_SERVER_PORT", String.valueOf(management));
    env.put("SPRING_DATA_REDIS_HOST", "127.0.0.1");
    env.put("SPRING_DATA_REDIS_PORT", String.valueOf(redis.port()));
    env.put("KUBERNETES_MASTER", cluster.client().getMasterUrl().toString());
    env.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
    env.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
    // The image's environment (the gateway pom's Jib configuration), on local folders.
    env.put("HOME", tmp.toString());
    env.put("DJL_CACHE_DIR", tmp.resolve("djl").toString());
    env.put("PATH", System.getenv("PATH"));
    // Anything the JVM would fetch over HTTP(S) from outside goes through this proxy; the loopback stays direct.
    String outsideAddress = "127.0.0.1:" + outside.port();
    env.put("HF_ENDPOINT", "http://" + outsideAddress);
    env.put("JAVA_TOOL_OPTIONS", env.get("JAVA_TOOL_OPTIONS") + " -Duser.home=" + tmp + " -Djava.io.tmpdir=" + tmp
        + " -Dhttp.proxyHost=127.0.0.1 -Dhttp.proxyPort=" + outside.port()
        + " -Dhttps.proxyHost=127.0.0.1 -Dhttps.proxyPort=" + outside.port());
    assertThat(env).containsEntry("HF_HUB_OFFLINE", "1").containsEntry("KOREANLLM_POLICY_SOURCE", "kubernetes");

    // The policy the operator would publish: one model counted with the image's tokenizer, one with the volume's;
    // their servers (polled by the gateway, in the cluster) on a closed loopback port.
    String backend = "http://127.0.0.1:" + RedisProcess.freePort();
    String policy = new PolicyWriter().toYaml(new Policy(Defaults.BUILT_IN, List.of(), List.of(
        new ModelRoute("korean-qwen", backend, Engine.SGLANG, "qwen3", 8192),
        new ModelRoute("korean-llama", backend, Engine.VLLM, GGACHI, 2048))));
    cluster.client().resource(new ConfigMapBuilder().withNewMetadata().withName(env
            .get("KOREANLLM_KUBERNETES_POLICYCONFIGMAP")).withNamespace(env.get("KOREANLLM_KUBERNETES_NAMESPACE"))
        .endMetadata().withData(Map.of("policy.yaml", policy)).build()).create();

    Path log = work.resolve("gateway.log");
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", GATEWAY_JAR.toAbsolutePath().toString())
        .directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().clear();
    builder.environment().putAll(env);
    return new Gateway(builder.start(), log, port, management, env.get("KOREANLLM_ADMIN_KEY"));
  }

  /** A value naming container paths (one, or several separated by ':'), with each path on its local folder. */
  private static String local(String value, Map<String, Path> paths) {
    StringBuilder local = new StringBuilder();
    for (String part : value.split(":", -1)) {
      String mapped = part;
      for (Map.Entry<String, Path> path : paths.entrySet()) {
        if (part.equals(path.getKey()) || part.startsWith(path.getKey() + "/")) {
          mapped = path.getValue() + part.substring(path.getKey().length());
          break;
        }
      }
      local.append(local.isEmpty() ? "" : ":").append(mapped);
    }
    return local.toString();
  }

  /** A value of one of the release's Secrets, decoded. */
  private static String secret(Chart.Rendered chart, String component, String key) {
    return new String(Base64.getDecoder().decode(chart.get(Secret.class, component).getData().get(key)),
        StandardCharsets.UTF_8);
  }

  private static void copyTokenizer(String name, Path folder) throws IOException {
    Files.createDirectories(folder);
    for (String file : List.of("tokenizer.json", "tokenizer_config.json")) {
      Path source = TOKENIZERS.resolve(name).resolve(file);
      if (!Files.isRegularFile(source)) {
        fail("tokenizer files missing in " + TOKENIZERS + ": run scripts/fetch-tokenizers.sh");
      }
      Files.copy(source, folder.resolve(file));
    }
  }

  /** The running gateway process. */
  private final class Gateway {
    private final Process process;
    private final Path log;
    private final int port;
    private final int management;
    private final String adminKey;

    Gateway(Process process, Path log, int port, int management, String adminKey) {
      this.process = process;
      this.log = log;
      this.port = port;
      this.management = management;
      this.adminKey = adminKey;
    }

    void awaitReady() throws Exception {
      Instant deadline = Instant.now().plus(START);
      while (Instant.now().isBefore(deadline)) {
        if (!process.isAlive()) {
          fail("the gateway exited " + process.exitValue() + ":\n" + log());
        }
        try {
          HttpResponse<String> ready = http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + management + "/actuator/health/readiness")).build(),
              HttpResponse.BodyHandlers.ofString());
          if (ready.statusCode() == 200) {
            return;
          }
        } catch (IOException notYet) {
          // not listening yet
        }
        Thread.sleep(250);
      }
      fail("the gateway was not ready within " + START + ":\n" + log());
    }

    int awaitExit() throws Exception {
      if (!process.waitFor(START.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
        fail("the gateway kept running without its tokenizer files:\n" + log());
      }
      return process.exitValue();
    }

    String get(String path) throws Exception {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .header("Authorization", "Bearer " + adminKey).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
      return response.body();
    }

    String log() throws IOException {
      return Files.readString(log);
    }

    void stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }
}
