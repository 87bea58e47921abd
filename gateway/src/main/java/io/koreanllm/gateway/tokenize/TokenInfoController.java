package io.koreanllm.gateway.tokenize;

import io.koreanllm.gateway.http.ApiError;
import io.koreanllm.gateway.policy.PolicyHolder;
import io.koreanllm.policy.ModelRoute;
import io.koreanllm.policy.Policy;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /token-info?text=&model=} (or {@code POST} with a JSON body): how many tokens a text is for a model, next to what the seeds' character
 * heuristic (Hangul × 1.15) would have charged for it.
 */
@RestController
public class TokenInfoController {

  static final int MAX_TEXT_CHARS = 100_000;

  private final PolicyHolder policies;
  private final Tokenizers tokenizers;

  public TokenInfoController(PolicyHolder policies, Tokenizers tokenizers) {
    this.policies = policies;
    this.tokenizers = tokenizers;
  }

  public record TokenInfo(String model, String tokenizer, int tokenCount, int charCount, int hangulCount,
      int heuristicEstimate) {
  }

  @GetMapping("/token-info")
  public Mono<TokenInfo> tokenInfo(@RequestParam(required = false) String text,
      @RequestParam(required = false) String model) {
    return count(text, model);
  }

  /** The text of a query must fit in a URL; a long prompt is sent in a body instead. */
  public record TokenInfoQuery(String text, String model) {
  }

  /** The same as {@code GET /token-info}, for texts too long for a URL: {@code {"text": …, "model": …}}. */
  @PostMapping(path = "/token-info", consumes = MediaType.APPLICATION_JSON_VALUE)
  public Mono<TokenInfo> tokenInfo(@RequestBody(required = false) TokenInfoQuery query) {
    return query == null ? count(null, null) : count(query.text(), query.model());
  }

  private Mono<TokenInfo> count(String text, String model) {
    if (text == null) {
      throw ApiError.invalidRequest("text", "The query parameter 'text' is required.");
    }
    if (text.length() > MAX_TEXT_CHARS) {
      throw ApiError.invalidRequest("text", "'text' is longer than " + MAX_TEXT_CHARS + " characters.");
    }
    Policy policy = policies.current();
    ModelRoute route = model == null || model.isBlank()
        ? policy.models().stream().findFirst().orElseThrow(() -> ApiError.notFound("No model is configured."))
        : policy.model(model).orElseThrow(() -> ApiError.modelNotFound(model));
    return Mono.fromCallable(() -> tokenizers.of(route).countText(text, false))
        .subscribeOn(Schedulers.parallel())
        .map(count -> new TokenInfo(route.name(), route.tokenizer(), count, text.codePointCount(0, text.length()),
            hangul(text), SeedHeuristic.estimate(text)));
  }

  private static int hangul(String text) {
    return (int) text.codePoints().filter(SeedHeuristic::isHangul).count();
  }
}
