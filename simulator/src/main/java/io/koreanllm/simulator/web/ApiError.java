package io.koreanllm.simulator.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** A request the simulator refuses, answered with OpenAI's error shape {@code {"error": {message, type, param, code}}}. */
public final class ApiError extends RuntimeException {

  private static final Logger log = LoggerFactory.getLogger(ApiError.class);

  private final HttpStatus status;
  private final String type;
  private final String param;
  private final String code;

  private ApiError(HttpStatus status, String message, String type, String param, String code) {
    super(message);
    this.status = status;
    this.type = type;
    this.param = param;
    this.code = code;
  }

  public static ApiError badRequest(String message, String param) {
    return new ApiError(HttpStatus.BAD_REQUEST, message, "invalid_request_error", param, null);
  }

  /** vLLM answers 404 for a model it does not serve. */
  public static ApiError modelNotFound(String model) {
    return new ApiError(HttpStatus.NOT_FOUND, "The model `" + model + "` does not exist.", "invalid_request_error",
        "model", "model_not_found");
  }

  /** vLLM's wording, so a client that reports it shows the same text as with the real server. */
  public static ApiError contextLengthExceeded(int maxModelLen, int promptTokens, int maxTokens) {
    return new ApiError(HttpStatus.BAD_REQUEST, "This model's maximum context length is " + maxModelLen
        + " tokens. However, you requested " + (promptTokens + maxTokens) + " tokens (" + promptTokens
        + " in the messages, " + maxTokens + " in the completion). Please reduce the length of the messages or completion.",
        "invalid_request_error", "messages", "context_length_exceeded");
  }

  /** The answer of the {@code http-500} fault. */
  public static ApiError simulatedFailure() {
    return new ApiError(HttpStatus.INTERNAL_SERVER_ERROR, "simulated model server failure (fault http-500)",
        "server_error", null, "internal_server_error");
  }

  /** For {@code RouterFunctions.Builder.onError(ApiError.class, ApiError::respond)}: logs the refusal and answers it. */
  public static Mono<ServerResponse> respond(Throwable error, ServerRequest request) {
    ApiError apiError = (ApiError) error;
    log.info("{} {} -> {} {}", request.method(), request.path(), apiError.status.value(), apiError.getMessage());
    return apiError.toResponse();
  }

  public Mono<ServerResponse> toResponse() {
    return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON)
        .bodyValue(new Body(new Detail(getMessage(), type, param, code)));
  }

  record Body(Detail error) {}

  record Detail(String message, String type, String param, String code) {}
}
