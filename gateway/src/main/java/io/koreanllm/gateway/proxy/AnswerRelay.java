package io.koreanllm.gateway.proxy;

import io.koreanllm.gateway.http.ApiError;
import io.koreanllm.gateway.http.ApiErrorWriter;
import java.io.ByteArrayOutputStream;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Passes a backend's answer on to the client and tells the request's lifecycle what it sees: the status, every JSON
 * chunk, the answer's end. Streams go on event by event, flushed as they complete; plain answers byte for byte. A
 * backend's 5xx becomes the gateway's own 502 with an OpenAI-style error.
 */
final class AnswerRelay {

  private final JsonMapper json;
  private final ApiErrorWriter errors;
  private final RequestLifecycle lifecycle;
  private final ServerHttpResponse response;
  private final boolean hideUsageChunk;
  private final String model;

  AnswerRelay(JsonMapper json, ApiErrorWriter errors, RequestLifecycle lifecycle, ServerHttpResponse response,
      boolean hideUsageChunk, String model) {
    this.json = json;
    this.errors = errors;
    this.lifecycle = lifecycle;
    this.response = response;
    this.hideUsageChunk = hideUsageChunk;
    this.model = model;
  }

  Mono<Void> relay(BackendAnswer answer) {
    lifecycle.answered(answer.status());
    if (answer.serverError()) {
      return answer.body().then(Mono.defer(() -> backendError(answer.status())));
    }
    response.setRawStatusCode(answer.status());
    if (answer.contentType() != null) {
      response.getHeaders().setContentType(answer.contentType());
    }
    if (answer.isEventStream()) {
      // Flushed chunk by chunk: nothing waits in a buffer for the answer to end.
      return response.writeAndFlushWith(events(answer.body()).map(Mono::just));
    }
    return plain(answer.body());
  }

  /**
   * Events pass on as they complete. The request settles just before the closing {@code [DONE]} goes out, so a
   * client that has seen the end of its stream can already see its usage; a stream without one settles at its end.
   */
  private Flux<DataBuffer> events(Flux<byte[]> body) {
    SseRelay relay = new SseRelay(json, lifecycle::observe, hideUsageChunk);
    return body.concatMap(bytes -> {
      Mono<DataBuffer> out = wrap(relay.accept(bytes));
      return relay.done() ? lifecycle.answerEnded().then(out) : out;
    }).concatWith(Mono.defer(() -> wrap(relay.finish())))
        // The writer stops reading when the client's connection goes: the client has left.
        .doOnCancel(lifecycle::clientLeft);
  }

  /**
   * A plain answer is complete at the backend before its first byte leaves, so holding it until its end costs
   * nothing: it is read, settled, then sent, and the client's view of its usage is already the ledger's.
   */
  private Mono<Void> plain(Flux<byte[]> body) {
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    return body.doOnNext(bytes -> answer.write(bytes, 0, bytes.length))
        .then(Mono.defer(() -> {
          byte[] bytes = answer.toByteArray();
          observe(bytes);
          response.getHeaders().setContentLength(bytes.length);
          return lifecycle.answerEnded().then(response.writeWith(wrap(bytes)));
        }));
  }

  private void observe(byte[] answer) {
    try {
      lifecycle.observe(json.readTree(answer));
    } catch (JacksonException e) {
      // Not JSON (an error page): nothing reported, nothing generated that could be counted.
    }
  }

  private Mono<Void> backendError(int backendStatus) {
    return errors.write(response, ApiError.backend(HttpStatus.BAD_GATEWAY, "backend_error", "The model backend for '"
        + model + "' failed (HTTP " + backendStatus + "). / 모델 서버 오류가 발생했습니다."));
  }

  private Mono<DataBuffer> wrap(byte[] bytes) {
    return bytes.length == 0 ? Mono.empty() : Mono.just(response.bufferFactory().wrap(bytes));
  }
}
