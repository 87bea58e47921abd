package io.koreanllm.gateway.openai;

import io.koreanllm.gateway.quota.Outcome;
import java.io.ByteArrayOutputStream;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The client's response as the backend's answer passes through it: streams are relayed event by event, plain
 * answers byte for byte, and the request is settled when the answer ends, breaks, or the client goes away. A
 * backend's 5xx becomes the gateway's own 502 with an OpenAI-style error.
 */
final class SettlingResponse extends ServerHttpResponseDecorator {

  private final JsonMapper json;
  private final GenerationTracker tracker;
  private final Settlement settlement;
  private final boolean hideUsageChunk;
  private final String model;

  SettlingResponse(ServerHttpResponse delegate, JsonMapper json, GenerationTracker tracker, Settlement settlement,
      boolean hideUsageChunk, String model) {
    super(delegate);
    this.json = json;
    this.tracker = tracker;
    this.settlement = settlement;
    this.hideUsageChunk = hideUsageChunk;
    this.model = model;
  }

  @Override
  public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
    return getDelegate().writeWith(relay(Flux.from(body)));
  }

  @Override
  public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
    // Streams are flushed chunk by chunk: nothing waits in a buffer for the answer to end.
    return getDelegate().writeAndFlushWith(relay(Flux.from(body).concatMap(Flux::from)).map(Flux::just));
  }

  private Flux<DataBuffer> relay(Flux<? extends DataBuffer> upstream) {
    HttpStatusCode status = getStatusCode();
    if (status != null && status.is5xxServerError()) {
      return upstream.doOnNext(DataBufferUtils::release)
          .thenMany(settlement.settle(Outcome.BACKEND_ERROR))
          .thenMany(Flux.defer(() -> Flux.just(backendError(status))));
    }
    boolean success = status == null || status.is2xxSuccessful();
    if (success) {
      tracker.answered();
    }
    Outcome ending = success ? Outcome.COMPLETED : Outcome.BACKEND_ERROR;
    MediaType type = getHeaders().getContentType();
    Flux<DataBuffer> relayed = type != null && MediaType.TEXT_EVENT_STREAM.isCompatibleWith(type)
        ? events(upstream, ending) : plain(upstream, ending);
    return relayed
        .doOnCancel(() -> settlement.settleLater(Outcome.CLIENT_CANCELLED))
        .doOnError(e -> settlement.settleLater(Outcome.BACKEND_ERROR));
  }

  /**
   * Events pass on as they complete. The request is settled just before the closing {@code [DONE]} goes out, so a
   * client that has seen the end of its stream can already see its usage; a stream without one settles at its end.
   */
  private Flux<DataBuffer> events(Flux<? extends DataBuffer> upstream, Outcome ending) {
    getHeaders().remove(HttpHeaders.CONTENT_LENGTH); // a hidden usage chunk shortens the stream
    SseRelay relay = new SseRelay(json, tracker, hideUsageChunk);
    return upstream.concatMap(buffer -> {
      Mono<DataBuffer> out = wrap(relay.accept(take(buffer)));
      return relay.done() ? settlement.settle(ending).then(out) : out;
    }).concatWith(Mono.defer(() -> wrap(relay.finish())))
        .concatWith(settlement.settle(ending).then(Mono.empty()));
  }

  /**
   * A plain answer is complete at the backend before its first byte leaves, so holding it until its end costs
   * nothing: it is read, settled, then sent, and the client's view of its usage is already the ledger's.
   */
  private Flux<DataBuffer> plain(Flux<? extends DataBuffer> upstream, Outcome ending) {
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    return upstream.doOnNext(buffer -> {
      byte[] bytes = take(buffer);
      answer.write(bytes, 0, bytes.length);
    }).then(Mono.defer(() -> {
      observe(answer.toByteArray());
      return settlement.settle(ending).then(wrap(answer.toByteArray()));
    })).flux();
  }

  private void observe(byte[] answer) {
    try {
      tracker.observe(json.readTree(answer));
    } catch (JacksonException e) {
      // Not JSON (an error page): nothing reported, nothing generated that could be counted.
    }
  }

  private DataBuffer backendError(HttpStatusCode backendStatus) {
    ApiError error = ApiError.backend(HttpStatus.BAD_GATEWAY, "backend_error", "The model backend for '" + model
        + "' failed (HTTP " + backendStatus.value() + "). / 모델 서버 오류가 발생했습니다.");
    setStatusCode(error.status());
    byte[] bytes = json.writeValueAsBytes(error.body());
    getHeaders().setContentType(MediaType.APPLICATION_JSON);
    getHeaders().setContentLength(bytes.length);
    return bufferFactory().wrap(bytes);
  }

  private static byte[] take(DataBuffer buffer) {
    try {
      byte[] bytes = new byte[buffer.readableByteCount()];
      buffer.read(bytes);
      return bytes;
    } finally {
      DataBufferUtils.release(buffer);
    }
  }

  private Mono<DataBuffer> wrap(byte[] bytes) {
    return bytes.length == 0 ? Mono.empty() : Mono.just(bufferFactory().wrap(bytes));
  }
}
