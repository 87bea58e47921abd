package io.koreanllm.gateway.tokenize;

import io.koreanllm.chattemplate.TemplateException;
import io.koreanllm.gateway.http.ApiError;
import io.koreanllm.gateway.observe.GatewayMetrics;
import io.koreanllm.policy.ModelRoute;
import io.koreanllm.tokenizer.ModelTokenizer;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Counts a prompt exactly as the model server will: chat messages through the model's chat template, then the
 * tokenizer; a raw completion prompt with the tokenizer's special tokens. Counting a long prompt is CPU work of
 * milliseconds, so it runs on the parallel scheduler, off Netty's event loop. A short one is cheaper than handing it
 * to another thread and back: a request whose body is at most {@link #SHORT_BODY_BYTES} is counted
 * on the thread it arrived on, unless its text needs the native tokenizer before that is loaded (a blocking load),
 * which is then left to the parallel scheduler too.
 */
@Component
public class PromptCounter {

  /**
   * The largest request body whose prompt is counted where it arrived. A body of 2 KiB holds at most 2 KB of prompt
   * text: about 40 µs of counting cold on chat text, up to 0.17 ms for words no cache has seen, microseconds warm
   * (docs/benchmarks.md, "Exact counting"). The hand-off to another thread and back that it saves measured 0.015 ms
   * of admission time on a warm gateway and up to 0.5 ms on a busy one (docs/benchmarks.md).
   */
  public static final int SHORT_BODY_BYTES = 2048;

  /** One text counted by a tokenizer: counting that may block, or counting that never loads the native tokenizer. */
  private interface TextCounting {
    int count(ModelTokenizer tokenizer, String text, boolean addSpecialTokens);
  }

  private final Tokenizers tokenizers;
  private final GatewayMetrics metrics;

  public PromptCounter(Tokenizers tokenizers, GatewayMetrics metrics) {
    this.tokenizers = tokenizers;
    this.metrics = metrics;
  }

  /** The prompt's tokens; {@code bodyBytes}, the size of the request that holds it, bounds its length. */
  public Mono<Integer> count(ModelRoute model, Prompt prompt, int bodyBytes) {
    if (bodyBytes > SHORT_BODY_BYTES) {
      return offTheLoop(model, prompt);
    }
    return timed(model, () -> count(model, prompt, ModelTokenizer::countTextIfReady))
        .flatMap(counted -> counted == ModelTokenizer.NOT_READY ? offTheLoop(model, prompt) : Mono.just(counted));
  }

  private Mono<Integer> offTheLoop(ModelRoute model, Prompt prompt) {
    return timed(model, () -> countNow(model, prompt)).subscribeOn(Schedulers.parallel());
  }

  /** Tokens of generated text (a completion), as the backend would have reported them. */
  public Mono<Integer> countGenerated(ModelRoute model, String text) {
    if (text.isEmpty()) {
      return Mono.just(0);
    }
    return timed(model, () -> tokenizers.of(model).countText(text, false)).subscribeOn(Schedulers.parallel());
  }

  /** Counting, timed by the tokenization timer unless it found it could not count without blocking. */
  private Mono<Integer> timed(ModelRoute model, Callable<Integer> counting) {
    return Mono.fromCallable(() -> {
      long start = System.nanoTime();
      int counted = counting.call();
      if (counted != ModelTokenizer.NOT_READY) {
        metrics.tokenization(model.name(), Duration.ofNanos(System.nanoTime() - start));
      }
      return counted;
    });
  }

  /**
   * The same count on the calling thread and outside the tokenization timer, which times requests' counting: for the
   * parity probe, so it counts exactly what admission counts. CPU work that may load the native tokenizer: call it
   * off the event loop.
   */
  public int countNow(ModelRoute model, Prompt prompt) {
    return count(model, prompt, ModelTokenizer::countText);
  }

  private int count(ModelRoute model, Prompt prompt, TextCounting counting) {
    ModelTokenizer tokenizer = tokenizers.of(model);
    if (prompt instanceof Prompt.Text text) {
      return counting.count(tokenizer, text.text(), true);
    }
    if (prompt instanceof Prompt.Inputs inputs) {
      int tokens = inputs.tokenIds();
      for (String text : inputs.texts()) {
        int counted = counting.count(tokenizer, text, inputs.specialTokens());
        if (counted == ModelTokenizer.NOT_READY) {
          return ModelTokenizer.NOT_READY;
        }
        tokens += counted;
      }
      return tokens;
    }
    if (!tokenizer.hasChatTemplate()) {
      throw ApiError.invalidRequest("messages", "The model '" + model.name() + "' has no chat template; "
          + "send a plain prompt to /v1/completions.");
    }
    String rendered;
    try {
      rendered = ((Prompt.Chat) prompt).chat().render(tokenizer);
    } catch (TemplateException e) {
      // The template itself refuses some conversations (roles that do not alternate, …): the client's to fix.
      throw ApiError.invalidRequest("invalid_messages", "messages",
          "The model's chat template rejected these messages: " + e.getMessage());
    }
    return counting.count(tokenizer, rendered, false);
  }
}
