package io.koreanllm.gateway.proxy;

import io.koreanllm.gateway.http.ApiError;
import io.koreanllm.gateway.http.ApiErrorWriter;
import io.koreanllm.gateway.http.GatewayHeaders;
import io.koreanllm.gateway.observe.RequestEvents;
import io.koreanllm.gateway.observe.RequestOutcome;
import io.koreanllm.gateway.observe.RequestTrace;
import io.koreanllm.gateway.openai.Endpoint;
import io.koreanllm.gateway.quota.Admission;
import io.koreanllm.gateway.quota.AdmissionRequest;
import io.koreanllm.gateway.quota.QuotaScopes;
import io.koreanllm.gateway.quota.QuotaStore;
import io.koreanllm.gateway.quota.QuotaStoreBusyException;
import io.koreanllm.gateway.quota.QuotaStoreUnavailableException;
import io.koreanllm.gateway.security.Caller;
import io.koreanllm.gateway.tokenize.PromptCounter;
import io.koreanllm.policy.Policy;
import io.koreanllm.policy.UserPolicy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The model routes: one request's path from its arrival to its settlement, in order — read and checked
 * ({@link RequestIntake}), admitted by the quota store, then, as a resource that is always given back, forwarded and
 * settled ({@link RequestLifecycle} through {@link Mono#usingWhen}). The caller was authenticated before
 * (the security chain); a refusal before admission is answered here and charges nothing.
 */
@RestController
class ModelRequestHandler {

  private final RequestIntake intake;
  private final QuotaStore store;
  private final PromptCounter counter;
  private final Forwarder forwarder;
  private final ApiErrorWriter errors;
  private final RequestEvents events;

  ModelRequestHandler(RequestIntake intake, QuotaStore store, PromptCounter counter, Forwarder forwarder,
      ApiErrorWriter errors, RequestEvents events) {
    this.intake = intake;
    this.store = store;
    this.counter = counter;
    this.forwarder = forwarder;
    this.errors = errors;
    this.events = events;
  }

  @PostMapping("/v1/chat/completions")
  Mono<Void> chatCompletions(ServerWebExchange exchange, @AuthenticationPrincipal Caller.User caller) {
    return handle(exchange, Endpoint.CHAT_COMPLETIONS, caller.policy());
  }

  @PostMapping("/v1/completions")
  Mono<Void> completions(ServerWebExchange exchange, @AuthenticationPrincipal Caller.User caller) {
    return handle(exchange, Endpoint.COMPLETIONS, caller.policy());
  }

  @PostMapping("/v1/embeddings")
  Mono<Void> embeddings(ServerWebExchange exchange, @AuthenticationPrincipal Caller.User caller) {
    return handle(exchange, Endpoint.EMBEDDINGS, caller.policy());
  }

  private Mono<Void> handle(ServerWebExchange exchange, Endpoint endpoint, UserPolicy user) {
    RequestTrace trace = new RequestTrace();
    trace.identified(user.name());
    ServerHttpResponse response = exchange.getResponse();
    return intake.read(exchange.getRequest(), endpoint, user, trace)
        .flatMap(request -> Mono.usingWhen(
            admit(request, trace).map(admitted -> start(request, admitted, response, trace)),
            lifecycle -> forwarder.forward(response, request, lifecycle),
            RequestLifecycle::completed, RequestLifecycle::failed, RequestLifecycle::cancelled))
        .onErrorResume(ApiError.class, error -> refused(response, error, trace));
  }

  /**
   * Admits the request, or fails with its 429 (or 503). The store's work is not cancelled with the client: a client
   * that leaves while its admission is on its way has the reservation released as soon as it is made.
   */
  private Mono<Admission.Admitted> admit(ModelRequest request, RequestTrace trace) {
    TokenBudget budget = request.budget();
    Policy policy = request.policy();
    AdmissionRequest admission = new AdmissionRequest(request.requestId(), QuotaScopes.holder(policy, request.user()),
        request.model().name(), QuotaScopes.of(policy, request.user(), request.model().name()), budget.promptTokens(),
        budget.reservedTokens(), policy.defaults().dailyResetZone());
    CompletableFuture<Admission> decided = store.admit(admission).toFuture();
    return Mono.fromFuture(decided, true)
        .doOnCancel(() -> decided.thenAccept(result -> {
          if (result instanceof Admission.Admitted admitted) {
            store.release(admitted.reservation()).subscribe();
          }
        }))
        .onErrorMap(QuotaStoreUnavailableException.class, ModelRequestHandler::unavailable)
        .onErrorMap(QuotaStoreBusyException.class, ModelRequestHandler::busy)
        .doOnNext(result -> trace.decided(result instanceof Admission.Admitted))
        .flatMap(result -> result instanceof Admission.Denied denied
            ? Mono.error(RateLimitHeaders.tooManyRequests(denied, budget.reservedTokens(), admission))
            : Mono.just((Admission.Admitted) result));
  }

  private RequestLifecycle start(ModelRequest request, Admission.Admitted admitted, ServerHttpResponse response,
      RequestTrace trace) {
    HttpHeaders headers = response.getHeaders();
    headers.set(GatewayHeaders.REQUEST_ID, request.requestId());
    headers.set(GatewayHeaders.PROMPT_TOKENS, Integer.toString(request.budget().promptTokens()));
    RateLimitHeaders.write(admitted.status(), headers);
    return new RequestLifecycle(store, counter, events, request.model(), admitted.reservation(), trace);
  }

  private Mono<Void> refused(ServerHttpResponse response, ApiError error, RequestTrace trace) {
    if (!trace.admitted()) {
      events.publish(trace.refused(error.code(), error.status().value(),
          error.status().is4xxClientError() ? RequestOutcome.REFUSED : RequestOutcome.UNAVAILABLE));
    }
    return errors.write(response, error);
  }

  private static ApiError busy(QuotaStoreBusyException e) {
    return new ApiError(HttpStatus.SERVICE_UNAVAILABLE, "server_error", "quota_store_busy", null,
        "The quota store did not decide within " + e.waited().toSeconds() + " s; try again shortly. / "
            + "사용량 저장소의 응답이 늦어 요청을 처리하지 못했습니다. 잠시 후 다시 시도하세요.")
        .retryAfter(Duration.ofSeconds(1));
  }

  private static ApiError unavailable(QuotaStoreUnavailableException e) {
    return new ApiError(HttpStatus.SERVICE_UNAVAILABLE, "server_error", "quota_store_unavailable", null,
        "Quotas cannot be checked right now; try again shortly. / 사용량 저장소에 연결할 수 없습니다.")
        .retryAfter(Duration.ofSeconds(1));
  }
}
