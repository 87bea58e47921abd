package io.koreanllm.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The simulator behaves like a batched GPU engine under load: a running limit with a queue ordered by arrival or by
 * priority, a prefill that grows with the prompt, decode steps that slow as the batch fills, whole answers that take
 * as long to generate as streamed ones, and the most sequences ever running at once in {@code /sim/stats}. Durations
 * are only ever asserted from below: they are what the simulated engine must at least take.
 */
class EngineSchedulingTest extends SimulatorHttpTest {

  @Test
  void aWholeAnswerTakesItsDecodeStepsLikeAStream() {
    putSettings(Map.of("token-delay-ms", 20));

    long start = System.nanoTime();
    JsonNode answer = post("/v1/chat/completions", chat("천천히 답해 주세요", 300), 200);

    int tokens = answer.at("/usage/completion_tokens").asInt();
    assertThat(tokens).isGreaterThan(20);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(20L * (tokens - 1)));
  }

  @Test
  void thePrefillGrowsWithThePrompt() {
    putSettings(Map.of("prefill-ms-per-token", 4, "ttft-ms", 50));
    Map<String, Object> request = with(chat("긴 질문입니다. ".repeat(20), 4),
        Map.of("stream", true, "stream_options", Map.of("include_usage", true)));

    Streamed streamed = stream("/v1/chat/completions", request);

    int promptTokens = streamed.chunks().get(streamed.chunks().size() - 1).at("/usage/prompt_tokens").asInt();
    assertThat(promptTokens).isGreaterThan(100);
    assertThat(streamed.firstBytesAfter()).isGreaterThanOrEqualTo(Duration.ofMillis(50 + 4L * promptTokens));
  }

  @Test
  void decodeStepsSlowWithEverySequenceInTheBatch() {
    putSettings(Map.of("decode-ms-per-sequence", 10));

    long start = System.nanoTime();
    JsonNode four = post("/v1/chat/completions", with(chat("네 개의 답", 11), Map.of("n", 4)), 200);

    // Four sequences decode together: each of the 10 steps after the first token takes 4 × 10 ms.
    assertThat(four.at("/choices/0/finish_reason").asString()).isEqualTo("length");
    int steps = four.at("/usage/completion_tokens").asInt() / 4 - 1;
    assertThat(steps).isGreaterThanOrEqualTo(9);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(40L * steps));
  }

  @Test
  void requestsBeyondTheRunningLimitQueueAndTheMostRunningAtOnceIsKept() {
    putSettings(Map.of("max-running-requests", 2, "ttft-ms", 300));

    List<ResponseEntity<String>> answers = Flux.range(0, 5)
        .flatMap(i -> webClient.post().uri("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(json(chat("질문 " + i, 4))).retrieve().toEntity(String.class), 5)
        .collectList().block(Duration.ofSeconds(30));

    assertThat(answers).hasSize(5).allSatisfy(answer -> assertThat(answer.getStatusCode().value()).isEqualTo(200));
    JsonNode stats = stats();
    assertThat(stats.get("maxRunning").asInt()).isEqualTo(2);
    assertThat(stats.get("running").asInt()).isZero();
    assertThat(stats.get("started").asLong()).isEqualTo(5);
    assertThat(stats.get("queued").asLong()).isEqualTo(3);
    assertThat(stats.get("queueWaitMsMax").asLong()).isPositive();
    assertThat(stats.get("queueWaitMsTotal").asLong()).isGreaterThanOrEqualTo(stats.get("queueWaitMsMax").asLong());
    // Each answer says how long it waited; three of them waited for a slot.
    assertThat(answers).extracting(answer -> Long.parseLong(answer.getHeaders().getFirst("x-simulator-queue-wait-ms")))
        .filteredOn(wait -> wait > 0).hasSizeGreaterThanOrEqualTo(2);

    client.post().uri("/sim/reset").exchange().expectStatus().isNoContent();
    assertThat(stats().get("maxRunning").asInt()).isZero();
    assertThat(stats().get("queued").asLong()).isZero();
  }

  @Test
  void underPriorityTheLowestPriorityRunsFirstAndEqualsInOrderOfArrival() {
    putSettings(Map.of("scheduling-policy", "priority", "max-running-requests", 1, "token-delay-ms", 25));

    List<String> finished = runBehindABlocker(List.of("a", "b", "c", "d"), Map.of("a", 5, "b", 1, "c", 3, "d", 1));

    assertThat(finished).containsExactly("blocker", "b", "d", "c", "a");
  }

  @Test
  void underFcfsRequestsRunInOrderOfArrival() {
    putSettings(Map.of("max-running-requests", 1, "token-delay-ms", 25));

    List<String> finished = runBehindABlocker(List.of("a", "b", "c", "d"), Map.of());

    assertThat(finished).containsExactly("blocker", "a", "b", "c", "d");
  }

  @Test
  void aPriorityRequestIsAcceptedOnlyUnderThePriorityPolicy() {
    Map<String, Object> urgent = with(chat("급해요", 4), Map.of("priority", -10));
    post("/v1/chat/completions", urgent, 400);

    putSettings(Map.of("scheduling-policy", "priority"));

    post("/v1/chat/completions", urgent, 200);
  }

  @Test
  void aClientLeavingTheQueueFreesItsPlace() {
    putSettings(Map.of("max-running-requests", 1, "token-delay-ms", 25));
    Disposable blocker = send("blocker", BLOCKER, new CopyOnWriteArrayList<>());
    await().atMost(Duration.ofSeconds(10)).until(() -> stats().get("running").asInt() == 1);

    Disposable leaving = send("leaving", chat("떠날 질문", 1), new CopyOnWriteArrayList<>());
    await().atMost(Duration.ofSeconds(10)).until(() -> waiting() == 1);
    leaving.dispose();

    await().atMost(Duration.ofSeconds(10)).until(() -> waiting() == 0);
    await().atMost(Duration.ofSeconds(10)).until(() -> stats().get("completed").asLong() == 1);
    assertThat(stats().get("started").asLong()).isEqualTo(1);
    assertThat(stats().get("running").asInt()).isZero();
    blocker.dispose();
  }

  @Test
  void clientsThatDropTheirConnectionsAtOnceGiveEverySlotBack() throws Exception {
    putSettings(Map.of("max-running-requests", 4, "ttft-ms", 40, "token-delay-ms", 15));
    String body = json(with(chat("긴 이야기를 해 주세요", 500),
        Map.of("stream", true, "stream_options", Map.of("include_usage", true))));
    // Six clients, four running and two queued, killed together (as a load generator that stops): those that start
    // just as the others leave must give their slots back too. Each round drops them at another moment.
    for (long dropAfterMs : new long[] {0, 60, 1000}) {
      List<Socket> clients = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        clients.add(rawPost("/v1/chat/completions", body));
      }
      Thread.sleep(dropAfterMs);
      for (Socket socket : clients) {
        socket.setSoLinger(true, 0);
        socket.close();
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> stats().get("running").asInt() == 0 && waiting() == 0);
    }
  }

  /** A long answer: its decode steps hold the only running slot for well over a second. */
  private static final Map<String, Object> BLOCKER = chat("먼저 온 긴 질문", 300);

  /**
   * Starts the blocker, which takes the only running slot, then the named short requests one after another, each once
   * the one before is seen waiting; returns the names in the order their answers arrived. Each holds the slot for four
   * decode steps after its first token, so the next one's answer cannot overtake its answer on a busy machine: the
   * arrival order is the order they started in.
   */
  private static List<String> runBehindABlocker(List<String> names, Map<String, Integer> priorities) {
    List<String> finished = new CopyOnWriteArrayList<>();
    List<Disposable> requests = new ArrayList<>();
    requests.add(send("blocker", BLOCKER, finished));
    await().atMost(Duration.ofSeconds(10)).until(() -> stats().get("running").asInt() == 1);
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      Map<String, Object> body = new HashMap<>(chat("질문 " + name, 5));
      if (priorities.containsKey(name)) {
        body.put("priority", priorities.get(name));
      }
      requests.add(send(name, body, finished));
      int queued = i + 1;
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> waiting() == queued);
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> finished.size() == names.size() + 1);
    requests.forEach(Disposable::dispose);
    return finished;
  }

  private static Disposable send(String name, Map<String, Object> body, List<String> finished) {
    return webClient.post().uri("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON).bodyValue(json(body))
        .retrieve().bodyToMono(String.class)
        .doOnNext(answer -> finished.add(name))
        .onErrorResume(error -> Mono.empty())
        .subscribe();
  }

  /** A request on a connection of its own, written and not read, so the test decides when the client goes. */
  private static Socket rawPost(String path, String body) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + bytes.length + "\r\n\r\n";
    OutputStream out = socket.getOutputStream();
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.flush();
    return socket;
  }

  /** Requests waiting in the engine's queue, as its {@code /metrics} reports them. */
  private static int waiting() {
    String metrics = client.get().uri("/metrics").exchange().expectStatus().isOk().expectBody(String.class)
        .returnResult().getResponseBody();
    return metrics.lines().filter(line -> line.startsWith("vllm:num_requests_waiting{"))
        .mapToInt(line -> (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
  }

  private static Map<String, Object> chat(String question, int maxTokens) {
    return Map.of("model", QWEN, "max_tokens", maxTokens,
        "messages", List.of(Map.of("role", "user", "content", question)));
  }
}
