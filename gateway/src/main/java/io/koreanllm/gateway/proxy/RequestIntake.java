package io.koreanllm.gateway.proxy;

import io.koreanllm.gateway.http.ApiError;
import io.koreanllm.gateway.policy.ModelAccess;
import io.koreanllm.gateway.observe.RequestTrace;
import io.koreanllm.gateway.openai.Endpoint;
import io.koreanllm.gateway.openai.OpenAiRequest;
import io.koreanllm.gateway.openai.OpenAiRequestParser;
import io.koreanllm.gateway.parity.ParityStates;
import io.koreanllm.gateway.policy.PolicyHolder;
import io.koreanllm.gateway.tokenize.PromptCounter;
import io.koreanllm.policy.EffectiveLimits;
import io.koreanllm.policy.ModelRoute;
import io.koreanllm.policy.Policy;
import io.koreanllm.policy.UserPolicy;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Everything before admission: the body read within its size limit and parsed, the model resolved and the user's
 * right to it checked, the prompt counted and the request's token budget fixed. What comes out may be admitted;
 * anything wrong is an {@link ApiError} and nothing has been counted against the user. The prompt count here is the
 * one admission uses, corrected by the backend's measured offset where that is turned on ({@link ParityStates}).
 */
@Component
class RequestIntake {

  private final PolicyHolder policies;
  private final OpenAiRequestParser parser;
  private final PromptCounter counter;
  private final ProxyProperties properties;
  private final ParityStates parity;

  RequestIntake(PolicyHolder policies, OpenAiRequestParser parser, PromptCounter counter,
      ProxyProperties properties, ParityStates parity) {
    this.policies = policies;
    this.parser = parser;
    this.counter = counter;
    this.properties = properties;
    this.parity = parity;
  }

  Mono<ModelRequest> read(ServerHttpRequest http, Endpoint endpoint, UserPolicy user, RequestTrace trace) {
    Policy policy = policies.current();
    String encoding = http.getHeaders().getFirst(HttpHeaders.CONTENT_ENCODING);
    if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
      // Read as it came, a compressed body would be refused as not UTF-8: name the real reason.
      return refuse(http, new ApiError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "invalid_request_error",
          "unsupported_content_encoding", null, "The request body must be sent uncompressed (was Content-Encoding '"
              + encoding.trim() + "'). / 요청 본문은 압축하지 않고 보내야 합니다.")
          .withHeader(HttpHeaders.ACCEPT_ENCODING, "identity"));
    }
    MediaType type = http.getHeaders().getContentType();
    if (type == null || !MediaType.APPLICATION_JSON.isCompatibleWith(type)) {
      return refuse(http, ApiError.invalidRequest(
          "content_type", null, "The request body must be JSON, sent with 'Content-Type: application/json' (was "
              + (type == null ? "none" : "'" + type + "'") + "). / 요청 본문은 JSON이어야 합니다(Content-Type: "
              + "application/json)."));
    }
    return body(http)
        .flatMap(bytes -> {
          OpenAiRequest request = parser.parse(endpoint, bytes);
          // Only a model the policy names becomes a metrics label: any other string a client sends would add series.
          trace.parsed(policy.model(request.model()).map(ModelRoute::name).orElse(RequestTrace.UNKNOWN),
              request.stream());
          ModelRoute model = ModelAccess.modelFor(policy, user, request.model());
          EffectiveLimits limits = policy.limitsOf(user);
          return counter.count(model, request.prompt(), bytes.length)
              .map(counted -> Math.max(0, counted + parity.admissionOffset(model, request.prompt())))
              .map(promptTokens -> new ModelRequest(RequestIds.next(), policy, user, model, request,
                  budget(request, model, limits, promptTokens)));
        });
  }

  /** The body is read and dropped: its buffers are given back before the refusal is written. */
  private static <T> Mono<T> refuse(ServerHttpRequest http, ApiError refusal) {
    return http.getBody().doOnNext(DataBufferUtils::release).then(Mono.error(refusal));
  }

  /**
   * What the request may generate: its max_tokens (or the configured default), no more than fits the model's
   * context after the prompt, and no more than fits the user's per-request cap on prompt + max_tokens.
   */
  private TokenBudget budget(OpenAiRequest request, ModelRoute model, EffectiveLimits limits, int promptTokens) {
    int context = model.contextLength();
    int cap = limits.maxTokensPerRequest();
    if (!request.endpoint().generates()) {
      // Each input must fit the context on its own, which the server checks; the cap holds for all of them.
      if (cap > 0 && promptTokens > cap) {
        throw ApiError.invalidRequest("request_tokens_exceeded", "input", "The input is " + promptTokens
            + " tokens; your limit for one request is " + cap + " tokens. / 입력이 요청당 토큰 한도(" + cap
            + ")를 넘습니다.").notRetryable();
      }
      return new TokenBudget(promptTokens, 0, 1);
    }
    if (cap > 0 && promptTokens >= cap) {
      throw ApiError.invalidRequest("request_tokens_exceeded", "messages", "The prompt is " + promptTokens
          + " tokens; your limit for one request is " + cap + " tokens, prompt and answer together. / "
          + "프롬프트가 요청당 토큰 한도(" + cap + ")를 넘습니다.").notRetryable();
    }
    if (promptTokens >= context) {
      throw ApiError.invalidRequest("context_length_exceeded", "messages", "The prompt is " + promptTokens
          + " tokens but the model '" + model.name() + "' accepts at most " + context + " tokens in all. / "
          + "프롬프트가 모델의 최대 길이를 초과합니다.");
    }
    if (request.maxTokens() != null && request.maxTokens() > context) {
      throw ApiError.invalidRequest("max_tokens_too_large", "max_tokens", "'max_tokens' is " + request.maxTokens()
          + " but the model '" + model.name() + "' has a context of " + context + " tokens. / "
          + "max_tokens가 모델의 최대 길이보다 큽니다.");
    }
    int wanted = request.maxTokens() != null ? request.maxTokens() : properties.defaultMaxTokens();
    int maxTokens = Math.min(wanted, context - promptTokens);
    if (cap > 0) {
      maxTokens = Math.min(maxTokens, cap - promptTokens);
    }
    return new TokenBudget(promptTokens, maxTokens, request.choices());
  }

  private Mono<byte[]> body(ServerHttpRequest request) {
    long limit = properties.maxBodySize().toBytes();
    if (request.getHeaders().getContentLength() > limit) {
      return Mono.error(tooLarge(limit));
    }
    return DataBufferUtils.join(request.getBody(), (int) Math.min(limit, Integer.MAX_VALUE))
        .map(buffer -> {
          try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
          } finally {
            DataBufferUtils.release(buffer);
          }
        })
        .defaultIfEmpty(new byte[0])
        .onErrorMap(DataBufferLimitException.class, e -> tooLarge(limit));
  }

  private static ApiError tooLarge(long limit) {
    return new ApiError(HttpStatus.PAYLOAD_TOO_LARGE, "invalid_request_error", "request_too_large", null,
        "The request body is larger than " + limit + " bytes. / 요청 본문이 너무 큽니다.");
  }
}
