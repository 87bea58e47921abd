package io.koreanllm.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.koreanllm.tokenizer.ModelTokenizer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tests against one simulator started for the whole test JVM on a random port, over real HTTP, with the real tokenizer
 * files. Each test starts from the configured settings and zeroed stats.
 */
abstract class SimulatorHttpTest {

  static final String QWEN = "korean-qwen";
  static final String LLAMA = "korean-llama";
  static final JsonMapper JSON = JsonMapper.builder().build();

  private static ConfigurableApplicationContext simulator;
  static WebTestClient client;
  static WebClient webClient;
  static int port;

  @BeforeAll
  static synchronized void startSimulatorOnce() {
    if (simulator != null) {
      return;
    }
    RealTokenizers.requireFetched();
    simulator = SimulatorApplication.start("--server.port=0");
    port = SimulatorApplication.port(simulator);
    String baseUrl = "http://localhost:" + port;
    // A new connection per request: faults cut connections on purpose, and none may be reused half-dead.
    ReactorClientHttpConnector connector = new ReactorClientHttpConnector(
        HttpClient.create(ConnectionProvider.newConnection()));
    client = WebTestClient.bindToServer(connector).baseUrl(baseUrl).responseTimeout(Duration.ofSeconds(30)).build();
    webClient = WebClient.builder().clientConnector(connector).baseUrl(baseUrl).build();
  }

  @BeforeEach
  void resetSimulator() {
    client.post().uri("/sim/reset").exchange().expectStatus().isNoContent();
  }

  /** The tokenizer behind a served model, loaded independently of the simulator. */
  static ModelTokenizer tokenizer(String model) {
    return RealTokenizers.get(model.equals(QWEN) ? "qwen3" : "llama3");
  }

  /** A map that keeps its keys in the order given and takes null values, as JSON objects do. */
  static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  /** {@code request} with {@code more} fields added or replaced. */
  static Map<String, Object> with(Map<String, Object> request, Map<String, Object> more) {
    Map<String, Object> merged = new LinkedHashMap<>(request);
    merged.putAll(more);
    return merged;
  }

  static String json(Object value) {
    return JSON.writeValueAsString(value);
  }

  /** POSTs {@code body} (a JSON string, or a value to write as JSON) and returns the answer, after checking the status. */
  static JsonNode post(String path, Object body, int expectedStatus) {
    return send(HttpMethod.POST, path, body, expectedStatus);
  }

  static JsonNode putSettings(Object settings) {
    return send(HttpMethod.PUT, "/sim/settings", settings, 200);
  }

  static JsonNode send(HttpMethod method, String path, Object body, int expectedStatus) {
    String answer = client.method(method).uri(path).contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body instanceof String text ? text : json(body))
        .exchange()
        .expectStatus().isEqualTo(expectedStatus)
        .expectBody(String.class).returnResult().getResponseBody();
    return JSON.readTree(answer);
  }

  static JsonNode get(String path) {
    return JSON.readTree(client.get().uri(path).exchange().expectStatus().isOk()
        .expectBody(String.class).returnResult().getResponseBody());
  }

  static JsonNode stats() {
    return get("/sim/stats");
  }

  /** Streams a request to its end (or to the connection's end) and keeps the raw SSE events. */
  static Streamed stream(String path, Object body) {
    long start = System.nanoTime();
    AtomicLong firstBytesAt = new AtomicLong();
    AtomicInteger reads = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    webClient.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(json(body))
        .retrieve().bodyToFlux(DataBuffer.class)
        .doOnNext(buffer -> {
          firstBytesAt.compareAndSet(0, System.nanoTime());
          reads.incrementAndGet();
          byte[] chunk = new byte[buffer.readableByteCount()];
          buffer.read(chunk);
          DataBufferUtils.release(buffer);
          bytes.writeBytes(chunk);
        })
        .doOnError(failure::set)
        .onErrorComplete()
        .blockLast(Duration.ofSeconds(30));
    String text = bytes.toString(StandardCharsets.UTF_8);
    List<String> events = Arrays.stream(text.split("\n\n")).filter(event -> !event.isEmpty()).toList();
    return new Streamed(events, failure.get(), Duration.ofNanos(firstBytesAt.get() - start), reads.get());
  }

  /**
   * A stream as the client saw it.
   *
   * @param events the raw events, e.g. {@code data: {...}} and {@code data: [DONE]}
   * @param failure how the connection failed, null when it ended normally
   * @param firstBytesAfter time from sending the request to the first body bytes
   * @param reads how many pieces the body arrived in
   */
  record Streamed(List<String> events, Throwable failure, Duration firstBytesAfter, int reads) {

    /** The JSON chunks, without the final {@code [DONE]}. */
    List<JsonNode> chunks() {
      return events.stream().filter(event -> !event.equals("data: [DONE]"))
          .map(event -> {
            assertThat(event).startsWith("data: ");
            return JSON.readTree(event.substring("data: ".length()));
          })
          .toList();
    }

    /** The chunks carrying generated text: chat deltas with content, or text completion chunks with text. */
    List<String> tokenTexts() {
      return chunks().stream()
          .filter(chunk -> !chunk.get("choices").isEmpty())
          .map(chunk -> chunk.get("choices").get(0))
          .filter(choice -> choice.get("finish_reason").isNull())
          .map(choice -> choice.has("delta") ? choice.get("delta") : choice)
          .filter(part -> !part.has("role"))
          .map(part -> part.has("content") ? part.get("content").asString() : part.get("text").asString())
          .toList();
    }
  }
}
