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
 * tokenizer; a raw completion prompt with the tokenizer's special tokens. Counting is CPU work of milliseconds for
 * long prompts, so it runs on the parallel scheduler, off Netty's event loop.
 */
@Component
public class PromptCounter {

  private final Tokenizers tokenizers;
  private final GatewayMetrics metrics;

  public PromptCounter(Tokenizers tokenizers, GatewayMetrics metrics) {
    this.tokenizers = tokenizers;
    this.metrics = metrics;
  }

  public Mono<Integer> count(ModelRoute model, Prompt prompt) {
    return timed(model, () -> countNow(model, prompt));
  }

  /** Tokens of generated text (a completion), as the backend would have reported them. */
  public Mono<Integer> countGenerated(ModelRoute model, String text) {
    if (text.isEmpty()) {
      return Mono.just(0);
    }
    return timed(model, () -> tokenizers.of(model).countText(text, false));
  }

  private Mono<Integer> timed(ModelRoute model, Callable<Integer> counting) {
    return Mono.fromCallable(() -> {
      long start = System.nanoTime();
      try {
        return counting.call();
      } finally {
        metrics.tokenization(model.name(), Duration.ofNanos(System.nanoTime() - start));
      }
    }).subscribeOn(Schedulers.parallel());
  }

  /**
   * The same count on the calling thread and outside the tokenization timer, which times requests' counting: for the
   * parity probe, so it counts exactly what admission counts. CPU work: call it off the event loop.
   */
  public int countNow(ModelRoute model, Prompt prompt) {
    ModelTokenizer tokenizer = tokenizers.of(model);
    if (prompt instanceof Prompt.Text text) {
      return tokenizer.countText(text.text(), true);
    }
    if (prompt instanceof Prompt.Inputs inputs) {
      int tokens = inputs.tokenIds();
      for (String text : inputs.texts()) {
        tokens += tokenizer.countText(text, inputs.specialTokens());
      }
      return tokens;
    }
    if (!tokenizer.hasChatTemplate()) {
      throw ApiError.invalidRequest("messages", "The model '" + model.name() + "' has no chat template; "
          + "send a plain prompt to /v1/completions.");
    }
    try {
      return ((Prompt.Chat) prompt).chat().count(tokenizer);
    } catch (TemplateException e) {
      // The template itself refuses some conversations (roles that do not alternate, …): the client's to fix.
      throw ApiError.invalidRequest("invalid_messages", "messages",
          "The model's chat template rejected these messages: " + e.getMessage());
    }
  }
}
