package io.koreanllm.gateway.soak;

import static io.koreanllm.gateway.support.Requests.koreanChat;
import static io.koreanllm.gateway.support.Requests.streamed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.koreanllm.gateway.quota.QuotaHolder;
import io.koreanllm.gateway.quota.QuotaScope;
import io.koreanllm.gateway.quota.QuotaStore;
import io.koreanllm.gateway.support.MutableClock;
import io.koreanllm.gateway.support.Simulator;
import io.koreanllm.gateway.support.TestClients;
import io.koreanllm.gateway.support.TestGateway;
import io.koreanllm.gateway.usage.UsageLedger;
import io.koreanllm.gateway.usage.UsageTotals;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A bounded soak on loopback: many users, plain and streamed requests mixed, for a couple of minutes (bounded in
 * time and count; {@code -Dkoreanllm.soak.seconds} changes the length). No answer but 200 and the expected 429s,
 * memory stable, nothing left in flight, and the ledger's totals equal the sum of the answers' usage. It runs in
 * its own JVM (failsafe, after the unit tests), so its heap figures are its own.
 */
class SoakIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int USERS = 20;
  private static final int MAX_REQUESTS = 200_000;
  private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENT = new ParameterizedTypeReference<>() {
  };

  private record Answer(int status, String code, long tokens) {
  }

  private static String key(int user) {
    return "sk-soak-user-key-%04d".formatted(user);
  }

  @Test
  void manyUsersMixedStreamingForMinutes() throws Exception {
    Duration length = Duration.ofSeconds(Long.getLong("koreanllm.soak.seconds", 120));
    StringBuilder users = new StringBuilder("""
        defaults:
          limits: {rpm: 0, tpm: 6000, tph: 0, tpd: 0, cooldownMinutes: 0}
        users:
        """);
    IntStream.range(0, USERS).forEach(user -> users.append("  - name: soak-%02d\n    keys: [{key: \"%s\"}]\n"
        .formatted(user, key(user))));
    Path dir = Files.createTempDirectory("soak");
    try (Simulator simulator = new Simulator("--simulator.token-delay-ms=2");
        TestGateway gateway = TestGateway.start(dir, simulator.url(), Files.writeString(dir.resolve("users.yaml"),
            users.toString()), new MutableClock(Instant.now()))) {
      WebClient client = TestClients.webClient(gateway.url());
      // A warm-up first: what is loaded once (classes, caches, pools) is not growth.
      List<Answer> answers = new ArrayList<>(Flux.range(0, 200).flatMap(i -> request(client, i), 8)
          .collectList().block(Duration.ofMinutes(1)));
      long heapBefore = usedHeapAfterGc();

      long deadline = System.nanoTime() + length.toNanos();
      answers.addAll(Flux.range(0, MAX_REQUESTS)
          .takeWhile(i -> System.nanoTime() < deadline)
          .flatMap(i -> request(client, i), 16)
          .collectList().block(length.plusMinutes(2)));
      long heapAfter = usedHeapAfterGc();

      assertThat(answers).isNotEmpty().allSatisfy(answer -> {
        assertThat(answer.status()).isIn(200, 429);
        if (answer.status() == 429) {
          assertThat(answer.code()).isEqualTo("tpm_exceeded");
        }
      });
      assertThat(answers).anyMatch(answer -> answer.status() == 429);
      assertThat(heapAfter - heapBefore).as("heap growth over %s requests", answers.size())
          .isLessThan(64L * 1024 * 1024);

      QuotaStore store = gateway.bean(QuotaStore.class);
      ZoneId seoul = ZoneId.of("Asia/Seoul");
      await().atMost(Duration.ofSeconds(10)).until(() -> IntStream.range(0, USERS)
          .mapToObj(user -> "soak-%02d".formatted(user)).allMatch(user -> store.snapshot(QuotaHolder.alone(user),
              QuotaScope.user(user), seoul).block().inFlight() == 0));
      LocalDate today = LocalDate.now(seoul);
      UsageTotals ledger = gateway.bean(UsageLedger.class).totals(null, today, today).block();
      assertThat(ledger.requests()).isEqualTo(answers.stream().filter(answer -> answer.status() == 200).count());
      assertThat(ledger.totalTokens()).isEqualTo(answers.stream().mapToLong(Answer::tokens).sum());
    }
  }

  private static Mono<Answer> request(WebClient client, int i) {
    String key = key(i % USERS);
    Map<String, Object> body = koreanChat(i % 3 == 0 ? "korean-llama" : "korean-qwen", 10 + i % 50);
    if (i % 2 == 1) {
      return client.post().uri("/v1/chat/completions").header("Authorization", "Bearer " + key)
          .contentType(MediaType.APPLICATION_JSON).bodyValue(streamed(body, true))
          .exchangeToMono(response -> response.statusCode().is2xxSuccessful()
              ? response.bodyToFlux(EVENT).mapNotNull(ServerSentEvent::data)
                  .filter(data -> data.contains("\"total_tokens\""))
                  .map(data -> JSON.readTree(data).path("usage").path("total_tokens").asLong())
                  .reduce(0L, Long::sum).map(tokens -> new Answer(200, "", tokens))
              : response.bodyToMono(JsonNode.class).map(error -> new Answer(response.statusCode().value(),
                  error.path("error").path("code").asString(""), 0)));
    }
    return client.post().uri("/v1/chat/completions").header("Authorization", "Bearer " + key)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
        .exchangeToMono(response -> response.bodyToMono(JsonNode.class).map(json -> new Answer(
            response.statusCode().value(), json.path("error").path("code").asString(""),
            json.path("usage").path("total_tokens").asLong(0))));
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
