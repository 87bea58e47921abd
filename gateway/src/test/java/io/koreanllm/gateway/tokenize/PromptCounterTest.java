package io.koreanllm.gateway.tokenize;

import static org.assertj.core.api.Assertions.assertThat;

import io.koreanllm.gateway.observe.GatewayMetrics;
import io.koreanllm.policy.Engine;
import io.koreanllm.policy.ModelRoute;
import io.koreanllm.tokenizer.ModelTokenizer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.text.Normalizer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where a prompt is counted: a short request's on the thread it arrived on, a long one's and a short text that needs
 * the native tokenizer before it is built on Reactor's parallel scheduler, every count exact and timed once.
 */
class PromptCounterTest {

  private static final ModelRoute QWEN = new ModelRoute("korean-qwen", "http://127.0.0.1:9", Engine.SGLANG, "qwen3",
      8192);

  private final Tokenizers tokenizers = new Tokenizers();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final PromptCounter counter = new PromptCounter(tokenizers, new GatewayMetrics(registry));

  @AfterEach
  void close() {
    tokenizers.close();
  }

  @Test
  void aShortRequestIsCountedWhereItArrivedALongOneOnTheParallelScheduler() {
    ModelTokenizer qwen = tokenizers.of(QWEN);
    String question = "서울에서 부산까지 KTX로 얼마나 걸리나요?";
    Counted inline = count(new Prompt.Text(question), 300);
    assertThat(inline.thread()).isEqualTo(Thread.currentThread().getName());
    assertThat(inline.tokens()).isEqualTo(qwen.countText(question, true));

    String essay = "서울의 가을 하늘은 높고 맑아서 산책하기에 좋습니다. ".repeat(100);
    Counted offLoop = count(new Prompt.Text(essay), PromptCounter.SHORT_BODY_BYTES + 1);
    assertThat(offLoop.thread()).startsWith("parallel-");
    assertThat(offLoop.tokens()).isEqualTo(qwen.countText(essay, true));
    assertThat(registry.get(GatewayMetrics.TOKENIZATION).timer().count()).as("each count timed once")
        .isEqualTo(2);
  }

  @Test
  void aShortTextThatNeedsTheNativeTokenizerBeforeItIsBuiltIsCountedOffTheLoopAndExactly() {
    ModelTokenizer qwen = tokenizers.of(QWEN);
    String decomposed = Normalizer.normalize("한국어로 답해 주세요", Normalizer.Form.NFD);
    assertThat(qwen.nativeLoaded()).isFalse();

    Counted first = count(new Prompt.Text(decomposed), 100);
    assertThat(first.thread()).startsWith("parallel-");
    assertThat(qwen.nativeLoaded()).isTrue();
    Counted again = count(new Prompt.Text(decomposed), 100);
    assertThat(again.thread()).as("built now: counted where it arrived").isEqualTo(Thread.currentThread().getName());
    assertThat(first.tokens()).isEqualTo(again.tokens()).isEqualTo(qwen.countText(decomposed, true));
    assertThat(registry.get(GatewayMetrics.TOKENIZATION).timer().count()).as("the attempt is not timed")
        .isEqualTo(2);
  }

  /** The count, and the thread it was made on (where the Mono's value was delivered). */
  private record Counted(int tokens, String thread) {
  }

  private Counted count(Prompt prompt, int bodyBytes) {
    AtomicReference<String> thread = new AtomicReference<>();
    Integer tokens = counter.count(QWEN, prompt, bodyBytes)
        .doOnNext(counted -> thread.set(Thread.currentThread().getName()))
        .block(Duration.ofSeconds(30));
    return new Counted(tokens, thread.get());
  }
}
