package io.koreanllm.gateway.openai;

import io.koreanllm.gateway.auth.ApiKeyAuthenticator;
import io.koreanllm.gateway.config.GatewayProperties;
import io.koreanllm.gateway.observe.RequestEvents;
import io.koreanllm.gateway.observe.RequestOutcome;
import io.koreanllm.gateway.observe.RequestTrace;
import io.koreanllm.gateway.policy.PolicyHolder;
import io.koreanllm.gateway.quota.Admission;
import io.koreanllm.gateway.quota.AdmissionRequest;
import io.koreanllm.gateway.quota.Outcome;
import io.koreanllm.gateway.quota.QuotaStore;
import io.koreanllm.gateway.quota.QuotaStoreUnavailableException;
import io.koreanllm.gateway.tokenize.PromptCounter;
import io.koreanllm.policy.EffectiveLimits;
import io.koreanllm.policy.ModelRoute;
import io.koreanllm.policy.Policy;
import io.koreanllm.policy.UserPolicy;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The request path of the OpenAI routes: authenticate, validate, count, reserve, proxy, settle. It runs before
 * Spring Cloud Gateway's response writer ({@link NettyWriteResponseFilter}), which writes to the response it was
 * handed, so that the response it writes to is ours; the backend's URL is set later by {@link BackendUrlFilter},
 * after the route's own URL has been resolved.
 */
@Component
public class OpenAiProxyFilter implements GatewayFilter, Ordered {

  public static final int ORDER = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 1;
  public static final String REQUEST_ID_HEADER = "x-request-id";
  /** The prompt tokens the gateway counted and reserved, so a client can compare them with the usage it gets. */
  public static final String PROMPT_TOKENS_HEADER = "x-koreanllm-prompt-tokens";

  private final ApiKeyAuthenticator authenticator;
  private final PolicyHolder policies;
  private final OpenAiRequestParser parser;
  private final PromptCounter counter;
  private final QuotaStore store;
  private final ApiErrorWriter errors;
  private final JsonMapper json;
  private final GatewayProperties properties;
  private final RequestEvents events;

  public OpenAiProxyFilter(ApiKeyAuthenticator authenticator, PolicyHolder policies, OpenAiRequestParser parser,
      PromptCounter counter, QuotaStore store, ApiErrorWriter errors, JsonMapper json,
      GatewayProperties properties, RequestEvents events) {
    this.authenticator = authenticator;
    this.policies = policies;
    this.parser = parser;
    this.counter = counter;
    this.store = store;
    this.errors = errors;
    this.json = json;
    this.properties = properties;
    this.events = events;
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    Endpoint endpoint = Endpoint.ofPath(exchange.getRequest().getPath().value());
    RequestTrace trace = new RequestTrace();
    return Mono.defer(() -> {
      UserPolicy user = authenticator.user(exchange.getRequest());
      trace.identified(user.name());
      Policy policy = policies.current();
      return readBody(exchange.getRequest())
          .map(bytes -> parser.parse(endpoint, bytes))
          .doOnNext(request -> trace.parsed(request.model(), request.stream()))
          .flatMap(request -> admitAndProxy(exchange, chain, policy, user, request, trace));
    }).onErrorResume(ApiError.class, error -> {
      if (!trace.admitted()) {
        events.publish(trace.refused(error.code(), error.status().value(),
            error.status().is4xxClientError() ? RequestOutcome.REFUSED : RequestOutcome.UNAVAILABLE));
      }
      return errors.write(exchange, error);
    });
  }

  private Mono<Void> admitAndProxy(ServerWebExchange exchange, GatewayFilterChain chain, Policy policy,
      UserPolicy user, OpenAiRequest request, RequestTrace trace) {
    ModelRoute model = policy.model(request.model()).orElseThrow(() -> ApiError.modelNotFound(request.model()));
    if (!user.allowsModel(model.name())) {
      throw ApiError.forbidden("model_not_allowed", "You may not use the model '" + model.name()
          + "'. / 모델 '" + model.name() + "'을(를) 사용할 권한이 없습니다.");
    }
    EffectiveLimits limits = policy.limitsOf(user);
    return counter.count(model, request).flatMap(promptTokens -> {
      int maxTokens = effectiveMaxTokens(request, model, limits, promptTokens);
      long reserved = promptTokens + (long) maxTokens * request.choices();
      AdmissionRequest admission = new AdmissionRequest(requestId(), user.name(), model.name(),
          limits, promptTokens, reserved, policy.defaults().dailyResetZone());
      return store.admit(admission)
          .onErrorMap(QuotaStoreUnavailableException.class, OpenAiProxyFilter::unavailable)
          .doOnNext(result -> trace.decided(result instanceof Admission.Admitted))
          .flatMap(result -> result instanceof Admission.Denied denied
              ? Mono.error(RateLimitHeaders.tooManyRequests(denied))
              : proxy(exchange, chain, model, request, maxTokens, (Admission.Admitted) result, trace));
    });
  }

  private Mono<Void> proxy(ServerWebExchange exchange, GatewayFilterChain chain, ModelRoute model,
      OpenAiRequest request, int maxTokens, Admission.Admitted admitted, RequestTrace trace) {
    GenerationTracker tracker = new GenerationTracker(trace);
    Settlement settlement = new Settlement(store, counter, model, admitted.reservation(), tracker, trace, events);
    HttpHeaders headers = exchange.getResponse().getHeaders();
    headers.set(REQUEST_ID_HEADER, admitted.reservation().requestId());
    headers.set(PROMPT_TOKENS_HEADER, Long.toString(admitted.reservation().promptTokens()));
    RateLimitHeaders.write(admitted.status(), headers);

    return Mono.defer(() -> {
      byte[] body = json.writeValueAsBytes(upstreamBody(request, maxTokens));
      exchange.getAttributes().put(BackendUrlFilter.BACKEND_URL_ATTR,
          URI.create(model.backend() + request.endpoint().path()));
      trace.forwarded();
      return chain.filter(exchange.mutate()
          .request(new UpstreamRequest(exchange.getRequest(), body))
          .response(new SettlingResponse(exchange.getResponse(), json, tracker, settlement,
              request.stream() && !request.clientWantsUsage(), model.name()))
          .build());
    })
        .onErrorResume(error -> !(error instanceof ApiError), error -> settlement.settle(Outcome.BACKEND_ERROR)
            .then(errors.write(exchange, backendFailure(model, error))))
        // Whatever else goes wrong once admitted, the reservation must not stay held.
        .doOnError(error -> settlement.settleLater(Outcome.BACKEND_ERROR))
        .doOnCancel(() -> settlement.settleLater(Outcome.CLIENT_CANCELLED))
        .then(Mono.defer(() -> settlement.settle(Outcome.COMPLETED)));
  }

  /** The client's body with what the backend must be told: the max_tokens reserved, and to report usage. */
  private ObjectNode upstreamBody(OpenAiRequest request, int maxTokens) {
    ObjectNode body = request.body();
    if (request.maxTokens() == null || request.maxTokens() != maxTokens) {
      body.put(body.has("max_completion_tokens") && !body.has("max_tokens") ? "max_completion_tokens" : "max_tokens",
          maxTokens);
    }
    if (request.stream()) {
      ObjectNode options = body.has("stream_options") && body.get("stream_options").isObject()
          ? (ObjectNode) body.get("stream_options") : body.putObject("stream_options");
      options.put("include_usage", true);
    }
    return body;
  }

  /**
   * What the request may generate: its max_tokens (or the configured default), no more than fits the model's
   * context after the prompt, and no more than the user's per-request cap.
   */
  private int effectiveMaxTokens(OpenAiRequest request, ModelRoute model, EffectiveLimits limits,
      int promptTokens) {
    int context = model.contextLength();
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
    int capped = Math.min(wanted, context - promptTokens);
    return limits.maxTokensPerRequest() > 0 ? Math.min(capped, limits.maxTokensPerRequest()) : capped;
  }

  private Mono<byte[]> readBody(ServerHttpRequest request) {
    long limit = properties.maxBodySize().toBytes();
    long declared = request.getHeaders().getContentLength();
    if (declared > limit) {
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

  /**
   * A unique id (122 random bits), from a fast generator: {@code UUID.randomUUID()} reads the operating system's
   * entropy under a lock, and the id is no secret (the client gets it back in {@code x-request-id}).
   */
  private static String requestId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = random.nextLong() & ~0xF000L | 0x4000L;
    long low = random.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
    return "req-" + new UUID(high, low);
  }

  private static ApiError unavailable(QuotaStoreUnavailableException e) {
    return new ApiError(HttpStatus.SERVICE_UNAVAILABLE, "server_error", "quota_store_unavailable", null,
        "Quotas cannot be checked right now; try again shortly. / 사용량 저장소에 연결할 수 없습니다.")
        .withHeader(HttpHeaders.RETRY_AFTER, "1");
  }

  private static ApiError tooLarge(long limit) {
    return new ApiError(HttpStatus.PAYLOAD_TOO_LARGE, "invalid_request_error", "request_too_large", null,
        "The request body is larger than " + limit + " bytes. / 요청 본문이 너무 큽니다.");
  }

  private static ApiError backendFailure(ModelRoute model, Throwable error) {
    boolean timeout = error instanceof TimeoutException
        || error instanceof ResponseStatusException status && status.getStatusCode().value() == 504;
    if (timeout) {
      return ApiError.backend(HttpStatus.GATEWAY_TIMEOUT, "backend_timeout", "The model backend for '"
          + model.name() + "' did not answer in time. / 모델 서버가 제시간에 응답하지 않았습니다.");
    }
    return ApiError.backend(HttpStatus.BAD_GATEWAY, "backend_unavailable", "The model backend for '"
        + model.name() + "' could not be reached. / 모델 서버에 연결할 수 없습니다.");
  }

  /** The request as the backend gets it: the rewritten body, and no client API key. */
  private static final class UpstreamRequest extends ServerHttpRequestDecorator {

    private final byte[] body;
    private final HttpHeaders headers;

    UpstreamRequest(ServerHttpRequest delegate, byte[] body) {
      super(delegate);
      this.body = body;
      HttpHeaders copy = new HttpHeaders();
      copy.putAll(delegate.getHeaders());
      copy.remove(HttpHeaders.AUTHORIZATION);
      copy.setContentLength(body.length);
      this.headers = HttpHeaders.readOnlyHttpHeaders(copy);
    }

    @Override
    public HttpHeaders getHeaders() {
      return headers;
    }

    @Override
    public Flux<DataBuffer> getBody() {
      return Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body)));
    }
  }
}
