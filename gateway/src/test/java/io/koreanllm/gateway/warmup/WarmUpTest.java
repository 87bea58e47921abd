package io.koreanllm.gateway.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import io.koreanllm.gateway.quota.redis.RedisScripts;
import io.koreanllm.gateway.support.Burst;
import io.koreanllm.gateway.support.GatewayProcess;
import io.koreanllm.gateway.support.RedisServers;
import io.koreanllm.gateway.support.Requests;
import io.koreanllm.gateway.support.Scrape;
import io.koreanllm.gateway.support.Simulator;
import io.koreanllm.gateway.support.TestClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import reactor.netty.http.HttpResources;

/**
 * A gateway started by its main method warms its request path up first ({@link WarmUp}): every warm-up request goes
 * the whole way and succeeds, in a private instance, so none of them reaches the real backend, the store or the
 * metrics, and the gateway then serves and charges as one started cold does.
 */
class WarmUpTest {

  private static final String KEY = "sk-warm-test-key-0001";
  private static final String USERS = """
      defaults:
        limits: {rpm: 100, tpm: 100000, tph: 1000000, tpd: 1000000, cooldownMinutes: 0, maxConcurrent: 1,
                 maxTokensPerRequest: 100, monthlyTokens: 100000}
      users:
        - name: warmed
          keys: [{key: "%s"}]
      """.formatted(KEY);

  /**
   * The policy's defaults are tight (one request at a time, 100 tokens a request): the warm-up user inherits none of
   * them, or its four requests at a time of about 200 prompt tokens would be refused.
   */
  @Test
  void theWarmUpGoesThroughAPrivateInstanceAndLeavesNoTrace() throws Exception {
    Path dir = Files.createTempDirectory("warm-up");
    Path users = Files.writeString(dir.resolve("users.yaml"), USERS);
    try (Simulator backend = new Simulator();
        GatewayProcess gateway = GatewayProcess.start(dir.resolve("gateway"), backend.url(), users,
            "--koreanllm.warm-up.requests=90", "--koreanllm.warm-up.settling=0s")
            .awaitHealthy(Duration.ofMinutes(3))) {
      assertThat(Files.readString(gateway.log()))
          .as("all 90 warm-up requests answered 2xx through the request path")
          .contains("warm-up: 90 requests through the request path in");
      assertThat(backend.stats().path("requests").asLong()).as("warm-up requests that reached the real backend")
          .isZero();
      assertThat(Requests.stats(gateway.url(), "warmed").path("today").path("requests").asLong()).isZero();
      assertThat(requestsCounted(gateway)).as("koreanllm_requests_total before any real request").isZero();

      List<Burst.Answer> answers = Burst.send(List.of(gateway.url()), KEY, Requests.koreanChat("korean-qwen", 8), 1);
      assertThat(answers).singleElement().satisfies(answer -> assertThat(answer.status()).isEqualTo(200));
      assertThat(backend.stats().path("requests").asLong()).isEqualTo(1);
      assertThat(Requests.stats(gateway.url(), "warmed").path("today").path("total_tokens").asLong())
          .isEqualTo(answers.get(0).totalTokens());
      assertThat(requestsCounted(gateway)).isEqualTo(1);
    }
  }

  /**
   * A gateway on Redis warms the Redis store's path too, against the {@link WarmUpRedis} stand-in: its admissions and
   * settlements went through the store's code (the stand-in answered them), and the real Redis, which every replica
   * shares, received none of them and holds no key of the warm-up (only the real instance's heartbeat). With time
   * to let the JIT settle, rounds of 300 requests follow the first 90, all answered.
   */
  @Test
  void aRedisGatewayWarmsItsStorePathAgainstAStandInAndWritesNothingToTheRealRedis() throws Exception {
    Path dir = Files.createTempDirectory("warm-up-redis");
    Path users = Files.writeString(dir.resolve("users.yaml"), USERS);
    String admit = RedisScripts.named("admit.lua").getSha1();
    try (RedisServers redis = RedisServers.standalone(); RedisServers.Monitor monitor = redis.monitor();
        Simulator backend = new Simulator();
        GatewayProcess gateway = GatewayProcess.start(dir.resolve("gateway"), backend.url(), users,
            "--koreanllm.warm-up.requests=90", "--koreanllm.warm-up.settling=3s", "--koreanllm.store.type=redis",
            "--spring.data.redis.url=" + redis.url()).awaitHealthy(Duration.ofMinutes(3))) {
      Matcher warmed = Pattern.compile("warm-up: (\\d+) requests through the request path \\((\\d+) Redis scripts, "
          + "a stand-in's\\)").matcher(Files.readString(gateway.log()));
      assertThat(warmed.find()).as("the warm-up's report in the log, no request failed").isTrue();
      int requests = Integer.parseInt(warmed.group(1));
      assertThat(requests).as("the first 90 and at least one settling round of 300").isGreaterThanOrEqualTo(390)
          .satisfies(sent -> assertThat((sent - 90) % 300).isZero());
      assertThat(Integer.parseInt(warmed.group(2))).as("scripts the stand-in answered: an admission and a "
          + "settlement per request").isGreaterThanOrEqualTo(2 * requests);
      assertThat(monitor.clientCommands()).as("commands the real Redis received during the warm-up")
          .noneMatch(command -> command.contains(admit));
      assertThat(redis.cli(redis.port(), "--raw", "keys", "*").strip()).isEqualTo("kl:replicas");
      assertThat(backend.stats().path("requests").asLong()).isZero();

      List<Burst.Answer> answers = Burst.send(List.of(gateway.url()), KEY, Requests.koreanChat("korean-qwen", 8), 1);
      assertThat(answers).singleElement().satisfies(answer -> assertThat(answer.status()).isEqualTo(200));
      // MONITOR's output can trail the answer on a busy machine: wait for the admission to show, then count.
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      List<String> admissions;
      do {
        admissions = monitor.clientCommands().stream().filter(command -> command.contains(admit)).toList();
      } while (admissions.isEmpty() && System.nanoTime() < deadline);
      assertThat(admissions).as("admissions the real Redis ran: the real request's").hasSize(1);
      assertThat(Requests.stats(gateway.url(), "warmed").path("today").path("total_tokens").asLong())
          .isEqualTo(answers.get(0).totalTokens());
    }
  }

  /**
   * The private instance closes on Reactor Netty resources of its own ({@link WarmUpResources}): closing it on the
   * global ones disposed them, pool and loops at once, and with no quiet period that once left the start hung in the
   * warm-up's close (a pooled connection's close never reported). Run in a JVM of its own, as a start is.
   */
  @Test
  void theWarmUpLeavesReactorNettysGlobalResourcesAlone() throws Exception {
    Path dir = Files.createTempDirectory("warm-up-resources");
    Path users = Files.writeString(dir.resolve("users.yaml"), USERS);
    Path models = Files.writeString(dir.resolve("models.yaml"), Files.readString(Path.of("../config/models.yaml")));
    Path out = dir.resolve("out.txt");
    Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-Dkoreanllm.tokenizers.dir=" + System.getProperty("koreanllm.tokenizers.dir", ""),
        "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
        WarmUpThenGlobalResources.class.getName(),
        "--koreanllm.policy-files[0]=" + users, "--koreanllm.policy-files[1]=" + models,
        "--koreanllm.admin-key=sk-admin-warm-up-resources-test", "--koreanllm.store.path=" + dir.resolve("usage.db"),
        "--koreanllm.warm-up.requests=30", "--koreanllm.warm-up.settling=0s"))
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();

    assertThat(child.waitFor(3, java.util.concurrent.TimeUnit.MINUTES)).as("the warm-up ended").isTrue();
    assertThat(Files.readString(out)).contains("warm-up: WarmUpResult[requests=30, failed=0")
        .contains("global resources kept: true");
  }

  /** The warm-up alone, then whether Reactor Netty's global resources came through it the same and undisposed. */
  static final class WarmUpThenGlobalResources {
    public static void main(String[] args) {
      HttpResources global = HttpResources.get();
      System.out.println("warm-up: " + WarmUp.run(io.koreanllm.gateway.GatewayApplication.class, args));
      System.out.println("global resources kept: " + (HttpResources.get() == global && !global.isDisposed()));
      System.exit(0);
    }
  }

  private static double requestsCounted(GatewayProcess gateway) {
    String text = TestClients.webTestClient(gateway.url()).get().uri("/actuator/prometheus").exchange()
        .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    return Scrape.of(text).samples().stream()
        .filter(sample -> sample.name().equals("koreanllm_requests_total"))
        .mapToDouble(sample -> sample.value()).sum();
  }
}
