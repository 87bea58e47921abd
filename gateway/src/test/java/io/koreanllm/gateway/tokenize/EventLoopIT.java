package io.koreanllm.gateway.tokenize;

import static io.koreanllm.gateway.support.Requests.DEV1_KEY;
import static io.koreanllm.gateway.support.Requests.streamed;
import static org.assertj.core.api.Assertions.assertThat;

import io.koreanllm.gateway.policy.PolicyHolder;
import io.koreanllm.gateway.support.GatewayStack;
import io.koreanllm.gateway.support.Requests;
import io.koreanllm.gateway.support.TestGateway;
import io.koreanllm.tokenizer.ModelTokenizer;
import java.text.Normalizer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.MediaType;
import reactor.blockhound.BlockHound;

/**
 * Nothing blocks Netty's event loops: BlockHound watches every thread of Reactor Netty's loops ({@code reactor-http-*})
 * while real traffic of every kind passes through a gateway. Long prompts are counted off the loops (the tokenizer's
 * blocking count is marked as blocking); short ones are counted on them, but never by building the native tokenizer
 * there (its build is marked as blocking): a short text that needs it is counted off the loop. Runs in a JVM of its
 * own (failsafe): the instrumentation is global.
 */
class EventLoopIT {

  @RegisterExtension
  static final GatewayStack STACK = GatewayStack.withShippedUsers();

  /** What BlockHound saw: a blocking method, the thread it ran on, and where it was called from. */
  private static final List<String> BLOCKED = new CopyOnWriteArrayList<>();

  /** About 2,900 Korean characters: milliseconds of counting with a plain encode. */
  private static final String LONG_KOREAN = "서울의 가을 하늘은 높고 맑아서 산책하기에 좋습니다. ".repeat(100);

  @BeforeAll
  static void watchTheEventLoops() {
    BlockHound.builder()
        .loadIntegrations()
        // Netty's loops only: Reactor's parallel scheduler is where CPU work such as counting belongs.
        .nonBlockingThreadPredicate(current -> thread -> thread.getName().startsWith("reactor-http-"))
        .markAsBlocking(ModelTokenizer.class, "countText", "(Ljava/lang/String;Z)I")
        .markAsBlocking("io.koreanllm.tokenizer.NativeTokenizer", "build",
            "()Lai/djl/huggingface/tokenizers/HuggingFaceTokenizer;")
        .markAsBlocking(ModelTokenizer.class, "encode", "(Ljava/lang/String;)[J")
        .blockingMethodCallback(method -> BLOCKED.add(method + " on " + Thread.currentThread().getName() + "\n  "
            + Arrays.stream(new Throwable().getStackTrace()).skip(2).limit(12).map(String::valueOf)
            .collect(Collectors.joining("\n  "))))
        .install();
  }

  @Test
  void noTokenizationNorAnyOtherBlockingCallRunsOnAnEventLoop() throws Exception {
    ModelTokenizer tokenizer = STACK.gateway().bean(Tokenizers.class)
        .of(STACK.gateway().bean(PolicyHolder.class).current().model("korean-qwen").orElseThrow());
    // The watch works: counting on a thread named like an event loop is caught.
    Thread probe = new Thread(() -> tokenizer.countText("안녕하세요", false), "reactor-http-probe");
    probe.start();
    probe.join();
    assertThat(BLOCKED).singleElement().asString().contains("countText").contains("reactor-http-probe");
    BLOCKED.clear();

    // Short prompts are counted on the loop; one that needs the native tokenizer, not built yet, is not.
    assertThat(tokenizer.nativeLoaded()).as("nothing has needed the native tokenizer yet").isFalse();
    String decomposed = Normalizer.normalize("한국어로 답해 주세요", Normalizer.Form.NFD);
    post("/v1/chat/completions", Map.of("model", "korean-qwen", "max_tokens", 16, "messages", List.of(
        Map.of("role", "user", "content", decomposed))), 200);
    assertThat(tokenizer.nativeLoaded()).isTrue();
    post("/v1/chat/completions", Map.of("model", "korean-qwen", "max_tokens", 16, "messages", List.of(
        Map.of("role", "user", "content", "안녕하세요"))), 200);
    post("/v1/completions", Map.of("model", "korean-llama", "max_tokens", 16, "prompt", "서울의 날씨는"), 200);

    Map<String, Object> longChat = Map.of("model", "korean-qwen", "max_tokens", 16, "messages", List.of(
        Map.of("role", "system", "content", "당신은 친절한 한국어 비서입니다."),
        Map.of("role", "user", "content", LONG_KOREAN)));
    post("/v1/chat/completions", longChat, 200);
    post("/v1/completions", Map.of("model", "korean-qwen", "max_tokens", 16, "prompt", LONG_KOREAN), 200);
    assertThat(Requests.events(STACK.gateway().url(), DEV1_KEY, streamed(longChat, true)).collectList()
        .block(Duration.ofSeconds(30))).last().isEqualTo("[DONE]");
    // A stream without usage is counted by the gateway itself when it ends.
    STACK.simulator().settings("{\"fault\": \"no-usage\"}");
    Requests.events(STACK.gateway().url(), DEV1_KEY, streamed(longChat, true)).collectList()
        .block(Duration.ofSeconds(30));
    STACK.simulator().reset();
    post("/token-info", Map.of("model", "korean-qwen", "text", LONG_KOREAN), 200);
    for (String route : new String[] {"/stats/dev1", "/admin/usage", "/admin/requests", "/admin/backends",
        "/admin/statistics", "/admin/top-users"}) {
      STACK.gateway().client().get().uri(route).header("Authorization", "Bearer " + TestGateway.ADMIN_KEY)
          .exchange().expectStatus().isOk();
    }
    // A refusal, and a bad request, take the error paths.
    post("/v1/chat/completions", Map.of("model", "korean-qwen", "messages", List.of()), 400);

    assertThat(BLOCKED).as("blocking calls on Netty's event loops").isEmpty();
  }

  private static void post(String path, Map<String, Object> body, int status) {
    STACK.gateway().client().post().uri(path).header("Authorization", "Bearer " + DEV1_KEY)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isEqualTo(status);
  }
}
