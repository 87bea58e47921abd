package io.koreanllm.gateway.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;

/** Every error the gateway answers, on any route, has OpenAI's shape. */
@Component
@Order(-2)
public class OpenAiErrorHandler implements ErrorWebExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(OpenAiErrorHandler.class);

  private final ApiErrorWriter writer;

  public OpenAiErrorHandler(ApiErrorWriter writer) {
    this.writer = writer;
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
    if (error instanceof AbortedException || AbortedException.isConnectionReset(error)) {
      // The client has gone: there is nobody to answer, and nothing went wrong in the gateway.
      log.debug("{} {}: the client closed the connection", exchange.getRequest().getMethod(),
          exchange.getRequest().getPath());
      return Mono.empty();
    }
    return writer.write(exchange.getResponse(), toApiError(exchange, error));
  }

  private static ApiError toApiError(ServerWebExchange exchange, Throwable error) {
    if (error instanceof ApiError api) {
      return api;
    }
    if (error instanceof ResponseStatusException status && status.getStatusCode().is4xxClientError()) {
      HttpStatus code = HttpStatus.valueOf(status.getStatusCode().value());
      String message = code == HttpStatus.NOT_FOUND
          ? "No route " + exchange.getRequest().getMethod() + " " + exchange.getRequest().getPath().value()
          : status.getReason() != null ? status.getReason() : code.getReasonPhrase();
      return new ApiError(code, "invalid_request_error", code.name().toLowerCase(java.util.Locale.ROOT), null,
          message);
    }
    if (error instanceof DataAccessException) {
      // The usage store (Redis) could not answer a reading route: a moment's outage, not the gateway's fault.
      log.warn("{} {}: the usage store did not answer: {}", exchange.getRequest().getMethod(),
          exchange.getRequest().getPath(), error.toString());
      return new ApiError(HttpStatus.SERVICE_UNAVAILABLE, "server_error", "quota_store_unavailable", null,
          "Usage cannot be read right now; try again shortly. / 사용량 저장소에 연결할 수 없습니다.")
          .retryAfter(java.time.Duration.ofSeconds(1));
    }
    log.error("unexpected error on {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
        error);
    return new ApiError(HttpStatus.INTERNAL_SERVER_ERROR, "server_error", "internal_error", null,
        "The gateway failed unexpectedly; the error is logged. / 게이트웨이 내부 오류입니다.");
  }
}
