package io.koreanllm.gateway.proxy;

import io.koreanllm.gateway.http.ApiError;
import io.koreanllm.gateway.http.ApiErrorWriter;
import io.koreanllm.gateway.http.GatewayHeaders;
import io.koreanllm.gateway.openai.OpenAiRequest;
import io.koreanllm.gateway.queue.QueueTimeoutException;
import io.koreanllm.gateway.queue.Queues;
import io.koreanllm.policy.ModelRoute;
import io.koreanllm.policy.PriorityClass;
import io.netty.handler.timeout.ReadTimeoutException;
import java.net.URI;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends an admitted request to its model's backend and relays the answer to the client, reporting to the request's
 * lifecycle as it goes. A backend that cannot be reached or stays silent too long gets the client a 502 or 504, and
 * a failure once the answer is on its way ends the response; the lifecycle decides what either costs.
 */
@Component
class Forwarder {

  private static final Logger log = LoggerFactory.getLogger(Forwarder.class);

  private final Queues queues;
  private final BackendClient backends;
  private final ApiErrorWriter errors;
  private final JsonMapper json;
  private final ProxyProperties properties;

  Forwarder(Queues queues, BackendClient backends, ApiErrorWriter errors, JsonMapper json,
      ProxyProperties properties) {
    this.queues = queues;
    this.backends = backends;
    this.errors = errors;
    this.json = json;
    this.properties = properties;
  }

  /**
   * Waits in the model's line for a slot of its capacity (at once for a model without one), then sends the request
   * and relays the answer.
   */
  Mono<Void> forward(ServerHttpResponse response, ModelRequest request, RequestLifecycle lifecycle) {
    ModelRoute model = request.model();
    PriorityClass priority = request.policy().priorityOf(request.user());
    return queues.acquire(model, priority, request.requestId(), request.user().name(),
            request.budget().reservedTokens())
        .flatMap(slot -> {
          lifecycle.dispatched(slot);
          response.getHeaders().set(GatewayHeaders.QUEUE_WAIT_MS, Long.toString(slot.waited().toMillis()));
          return send(response, request, priority, lifecycle);
        })
        .onErrorResume(QueueTimeoutException.class, timeout -> {
          ApiError refusal = queueTimeout(model, timeout);
          return lifecycle.refusedInLine(refusal).then(Mono.defer(() -> errors.write(response, refusal)));
        });
  }

  private Mono<Void> send(ServerHttpResponse response, ModelRequest request, PriorityClass priority,
      RequestLifecycle lifecycle) {
    OpenAiRequest openAi = request.request();
    ModelRoute model = request.model();
    AnswerRelay relay = new AnswerRelay(json, errors, lifecycle, response,
        openAi.stream() && !openAi.clientWantsUsage(), model.name());
    return Mono.defer(() -> {
      byte[] body = json.writeValueAsBytes(UpstreamBody.of(openAi, model, request.budget().maxTokens(), priority));
      lifecycle.forwarded();
      return backends.post(URI.create(model.backend() + openAi.endpoint().path()), body, request.requestId(),
          properties.silenceAllowed(openAi.stream(), request.budget().maxTokens()), relay::relay);
    }).onErrorResume(error -> {
      log.warn("request {}: the backend of model {} failed: {}", request.requestId(), model.name(), error.toString());
      return lifecycle.failed(error).then(Mono.defer(() -> errors.write(response, backendFailure(model, error))));
    });
  }

  /** 429 with a code of its own: the quota allowed the request, the model's line was too long for its class. */
  private static ApiError queueTimeout(ModelRoute model, QueueTimeoutException timeout) {
    long waited = timeout.waited().toSeconds();
    return new ApiError(HttpStatus.TOO_MANY_REQUESTS, "rate_limit_error", "queue_timeout", null,
        "모델 '" + model.name() + "'이(가) 혼잡하여 " + waited + "초를 기다린 뒤 요청을 처리하지 못했습니다 (the model '"
            + model.name() + "' is busy: the request waited " + waited + " s for a free slot). Nothing was "
            + "charged; try again later.").retryAfter(timeout.retryAfter());
  }

  private static ApiError backendFailure(ModelRoute model, Throwable error) {
    if (error instanceof ReadTimeoutException || error instanceof TimeoutException) {
      return ApiError.backend(HttpStatus.GATEWAY_TIMEOUT, "backend_timeout", "The model backend for '"
          + model.name() + "' did not answer in time. / 모델 서버가 제시간에 응답하지 않았습니다.");
    }
    return ApiError.backend(HttpStatus.BAD_GATEWAY, "backend_unavailable", "The model backend for '"
        + model.name() + "' could not be reached. / 모델 서버에 연결할 수 없습니다.");
  }
}
