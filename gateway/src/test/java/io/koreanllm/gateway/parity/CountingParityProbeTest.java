package io.koreanllm.gateway.parity;

import static io.koreanllm.gateway.support.Requests.DEV1_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.koreanllm.gateway.http.GatewayHeaders;
import io.koreanllm.gateway.support.GatewayStack;
import io.koreanllm.gateway.support.MutableClock;
import io.koreanllm.gateway.support.Scrape;
import io.koreanllm.gateway.support.TestClients;
import io.koreanllm.gateway.support.TestGateway;
import io.koreanllm.gateway.usage.UsageLedger;
import io.koreanllm.tokenizer.TokenizerConfig;
import io.koreanllm.tokenizer.TokenizerResolver;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The counting-parity probe against the real simulator: it sees the server count as the gateway does, a default
 * system prompt the gateway's files lack as drift of exactly its tokens, a server without {@code /tokenize} through
 * a one-token chat completion that nobody is charged for, and an unreachable server as unknown. The expected
 * differences are counted here by the simulator before its template is changed, not by the probe.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CountingParityProbeTest {

  /** The shipped models (korean-qwen on SGLang, korean-llama on vLLM), probed at start and then only when asked. */
  @RegisterExtension
  static final GatewayStack STACK = GatewayStack.withShippedUsers("--koreanllm.parity.interval=1h",
      "--koreanllm.parity.correct-admission=true");

  private static final String QWEN = "korean-qwen";
  private static final String LLAMA = "korean-llama";
  private static final String QWEN25_SYSTEM = "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @BeforeEach
  void quietSimulator() {
    STACK.simulator().reset();
  }

  @Test
  @Order(1)
  void atStartBothModelsCountExactlyAsTheirServer() {
    JsonNode health = await().atMost(Duration.ofSeconds(30)).until(() -> get(STACK.gateway(), "/health"),
        answer -> answer.path("models").valueStream().noneMatch(model -> model.at("/parity/checked_at").isNull()));

    for (JsonNode model : health.path("models")) {
      JsonNode parity = model.path("parity");
      assertThat(parity.path("state").asString()).as(model.toString()).isEqualTo("exact");
      assertThat(parity.path("drift_tokens").asInt()).isZero();
      assertThat(parity.path("method").asString()).isEqualTo("tokenize");
      assertThat(parity.path("conversations").findValuesAsString("conversation"))
          .containsExactly("system_prompt", "no_system_prompt", "multi_turn", "tools");
      assertThat(parity.path("conversations")).allSatisfy(count -> assertThat(count.path("gateway_tokens").asInt())
          .isPositive().isEqualTo(count.path("backend_tokens").asInt()));
    }
    // The tools conversation is counted with its tools on both sides: Qwen's template lays them out in the prompt.
    ObjectNode tools = ProbeConversation.TOOLS.fields();
    int withTools = tokenize(tools);
    tools.remove("tools");
    assertThat(modelIn(health, QWEN).at("/parity/conversations/3/gateway_tokens").asInt()).isEqualTo(withTools)
        .isGreaterThan(tokenize(tools) + 50);
    assertThat(health.path("status").asString()).isEqualTo("ok");

    Scrape scrape = scrape(STACK.gateway());
    for (String model : List.of(QWEN, LLAMA)) {
      assertThat(value(scrape, "koreanllm_parity_state", Map.of("model", model, "state", "exact"))).isEqualTo(1);
      assertThat(value(scrape, "koreanllm_parity_state", Map.of("model", model, "state", "drift"))).isZero();
      assertThat(value(scrape, "koreanllm_parity_state", Map.of("model", model, "state", "unknown"))).isZero();
      assertThat(value(scrape, "koreanllm_parity_drift_tokens", Map.of("model", model))).isZero();
    }
  }

  @Test
  @Order(2)
  void aDefaultSystemPromptOnTheServerIsDriftOfExactlyItsTokens() {
    // What the server will count once it adds the prompt, from its own /tokenize while it still counts as we do.
    Map<String, Integer> expected = new HashMap<>();
    for (ProbeConversation conversation : ProbeConversation.values()) {
      ObjectNode fields = conversation.fields();
      boolean hasSystem = "system".equals(fields.at("/messages/0/role").asString());
      ObjectNode withSystem = fields.deepCopy();
      ((ArrayNode) withSystem.get("messages")).insertObject(0).put("role", "system").put("content", QWEN25_SYSTEM);
      expected.put(conversation.label(), hasSystem ? 0 : tokenize(withSystem) - tokenize(fields));
    }
    assertThat(expected.get("no_system_prompt")).isGreaterThan(10);
    STACK.simulator().settings("{\"default-system-prompts\": {\"" + QWEN + "\": \"" + QWEN25_SYSTEM + "\"}}");

    JsonNode run = runProbe(STACK.gateway());

    JsonNode qwen = modelIn(run, QWEN).path("parity");
    assertThat(qwen.path("state").asString()).isEqualTo("drift");
    for (JsonNode count : qwen.path("conversations")) {
      assertThat(count.path("backend_tokens").asInt() - count.path("gateway_tokens").asInt())
          .as(count.toString()).isEqualTo(expected.get(count.path("conversation").asString()));
    }
    // Chats with a system prompt of their own are unaffected, so the offset is not one for all: the largest is told.
    int largest = expected.values().stream().max((a, b) -> Integer.compare(Math.abs(a), Math.abs(b))).orElseThrow();
    assertThat(qwen.path("drift_tokens").asInt()).isEqualTo(largest);
    assertThat(qwen.path("uniform").asBoolean()).isFalse();
    assertThat(qwen.path("detail").asString()).startsWith("no_system_prompt: gateway ");
    assertThat(modelIn(run, LLAMA).at("/parity/state").asString()).isEqualTo("exact");

    assertThat(modelIn(get(STACK.gateway(), "/health"), QWEN).path("parity")).isEqualTo(qwen);
    JsonNode backends = admin(STACK.gateway()).get().uri("/admin/backends").exchange().expectStatus().isOk()
        .expectBody(JsonNode.class).returnResult().getResponseBody();
    assertThat(backends.path("models").valueStream()
        .filter(model -> model.at("/backend/model").asString().equals(QWEN)).findFirst().orElseThrow()
        .at("/parity/drift_tokens").asInt()).isEqualTo(largest);
    Scrape scrape = scrape(STACK.gateway());
    assertThat(value(scrape, "koreanllm_parity_drift_tokens", Map.of("model", QWEN))).isEqualTo(largest);
    assertThat(value(scrape, "koreanllm_parity_state", Map.of("model", QWEN, "state", "drift"))).isEqualTo(1);
    assertThat(value(scrape, "koreanllm_parity_state", Map.of("model", QWEN, "state", "exact"))).isZero();
  }

  @Test
  @Order(3)
  void aServerWithoutTokenizeCountsThroughAOneTokenCompletionThatNobodyIsChargedFor() {
    STACK.simulator().settings("{\"engine\": \"sglang\"}");
    JsonNode usageBefore = admin(STACK.gateway()).get().uri("/admin/usage").exchange().expectStatus().isOk()
        .expectBody(JsonNode.class).returnResult().getResponseBody();
    int ledgerBefore = STACK.gateway().bean(UsageLedger.class).recent(100).block().size();

    JsonNode run = runProbe(STACK.gateway());

    for (String model : List.of(QWEN, LLAMA)) {
      JsonNode parity = modelIn(run, model).path("parity");
      assertThat(parity.path("state").asString()).as(parity.toString()).isEqualTo("exact");
      assertThat(parity.path("method").asString()).isEqualTo("chat_completion");
    }
    JsonNode stats = STACK.simulator().stats();
    assertThat(stats.path("completed").asLong()).isEqualTo(2L * ProbeConversation.values().length);
    assertThat(stats.at("/lastRequest/max_tokens").asInt()).isEqualTo(1);
    // Straight to the server: no reservation, no ledger entry, no token metric.
    assertThat(admin(STACK.gateway()).get().uri("/admin/usage").exchange().expectStatus().isOk()
        .expectBody(JsonNode.class).returnResult().getResponseBody()).isEqualTo(usageBefore);
    assertThat(STACK.gateway().bean(UsageLedger.class).recent(100).block()).hasSize(ledgerBefore);
    assertThat(scrape(STACK.gateway()).text()).doesNotContain("koreanllm_tokens_total{");
  }

  @Test
  @Order(4)
  void aConstantOffsetIsAddedToAdmissionWhenAsked() throws Exception {
    // A server whose template writes a few characters before Llama's: every conversation is off by their tokens.
    String prefix = "[안내]";
    String llamaTemplate = TokenizerConfig.read(TokenizerResolver.fromEnvironment().resolve("llama3")
        .tokenizerConfigJson()).chatTemplate();
    STACK.simulator().settings(JSON.writeValueAsString(Map.of("chat-templates",
        Map.of(LLAMA, "{{ '" + prefix + "' }}" + llamaTemplate))));
    int offset = admin(STACK.gateway()).get().uri(uri -> uri.path("/token-info").queryParam("text", prefix)
            .queryParam("model", LLAMA).build()).exchange().expectStatus().isOk().expectBody(JsonNode.class)
        .returnResult().getResponseBody().path("token_count").asInt();

    JsonNode llama = modelIn(runProbe(STACK.gateway()), LLAMA).path("parity");
    assertThat(llama.path("state").asString()).isEqualTo("drift");
    assertThat(llama.path("uniform").asBoolean()).isTrue();
    assertThat(llama.path("drift_tokens").asInt()).isEqualTo(offset).isPositive();

    // Admission now reserves what the server will report.
    EntityExchangeResult<JsonNode> answer = STACK.gateway().client().post().uri("/v1/chat/completions")
        .header("Authorization", "Bearer " + DEV1_KEY).contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("model", LLAMA, "max_tokens", 4, "messages",
            List.of(Map.of("role", "user", "content", "안녕하세요, 오늘 날씨 어때요?"))))
        .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult();
    assertThat(answer.getResponseHeaders().getFirst(GatewayHeaders.PROMPT_TOKENS))
        .isEqualTo(answer.getResponseBody().at("/usage/prompt_tokens").asString());
  }

  @Test
  @Order(5)
  void anUnreachableServerIsUnknown() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort(); // free once closed: nothing listens there
    }
    try (TestGateway gateway = TestGateway.start(Files.createTempDirectory("parity-unreachable"),
        "http://127.0.0.1:" + closedPort, TestGateway.SHIPPED_USERS, new MutableClock(TestGateway.START))) {
      // Before any probe: unknown, and the series are there already.
      assertThat(value(scrape(gateway), "koreanllm_parity_state", Map.of("model", QWEN, "state", "unknown")))
          .isEqualTo(1);

      JsonNode parity = modelIn(runProbe(gateway), QWEN).path("parity");

      assertThat(parity.path("state").asString()).isEqualTo("unknown");
      assertThat(parity.path("detail").asString()).contains("unreachable");
      assertThat(parity.path("drift_tokens").isNull()).isTrue();
      assertThat(modelIn(get(gateway, "/health"), QWEN).path("parity")).isEqualTo(parity);
      Scrape scrape = scrape(gateway);
      assertThat(value(scrape, "koreanllm_parity_state", Map.of("model", QWEN, "state", "unknown"))).isEqualTo(1);
      assertThat(value(scrape, "koreanllm_parity_drift_tokens", Map.of("model", QWEN))).isNaN();
    }
  }

  /** The simulator's own count of a chat (its /tokenize), with the template it has now. */
  private static int tokenize(ObjectNode fields) {
    ObjectNode request = fields.deepCopy().put("model", QWEN);
    return TestClients.webTestClient(STACK.simulator().url()).post().uri("/tokenize")
        .contentType(MediaType.APPLICATION_JSON).bodyValue(request.toString()).exchange().expectStatus().isOk()
        .expectBody(JsonNode.class).returnResult().getResponseBody().path("count").asInt();
  }

  private static JsonNode runProbe(TestGateway gateway) {
    return admin(gateway).post().uri("/admin/parity/run").exchange().expectStatus().isOk()
        .expectBody(JsonNode.class).returnResult().getResponseBody();
  }

  private static JsonNode modelIn(JsonNode answer, String model) {
    return answer.path("models").valueStream().filter(entry -> entry.path("model").asString().equals(model))
        .findFirst().orElseThrow(() -> new AssertionError("no " + model + " in " + answer));
  }

  private static JsonNode get(TestGateway gateway, String path) {
    return gateway.client().get().uri(path).exchange().expectStatus().isOk().expectBody(JsonNode.class)
        .returnResult().getResponseBody();
  }

  private static WebTestClient admin(TestGateway gateway) {
    return gateway.client().mutate().defaultHeader("Authorization", "Bearer " + TestGateway.ADMIN_KEY).build();
  }

  private static Scrape scrape(TestGateway gateway) {
    return Scrape.of(gateway.client().get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
        .expectBody(String.class).returnResult().getResponseBody());
  }

  private static double value(Scrape scrape, String name, Map<String, String> labels) {
    OptionalDouble value = scrape.value(name, labels);
    return value.orElseThrow(() -> new AssertionError("no series " + name + labels));
  }
}
