package io.koreanllm.simulator.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * A request the simulator refuses, answered as vLLM answers it: {@code {"error": {message, type, param, code}}} with
 * the HTTP status as the integer {@code code} and vLLM's error types ({@code BadRequestError} for a value its checks
 * refuse, {@code Bad Request} for a body its request model cannot read, {@code NotFoundError}, ...).
 */
public final class ApiError extends RuntimeException {

  private static final Logger log = LoggerFactory.getLogger(ApiError.class);

  private final HttpStatus status;
  private final String type;
  private final String param;

  private ApiError(HttpStatus status, String message, String type, String param) {
    super(message);
    this.status = status;
    this.type = type;
    this.param = param;
  }

  /** A value vLLM's own checks refuse (its {@code VLLMValidationError} or {@code ValueError}). */
  public static ApiError badRequest(String message, String param) {
    return new ApiError(HttpStatus.BAD_REQUEST, message, "BadRequestError", param);
  }

  /** A field of the wrong type or shape, refused before any check runs (pydantic's validation error in vLLM). */
  public static ApiError invalidField(String message, String param) {
    return new ApiError(HttpStatus.BAD_REQUEST, message, "Bad Request", param);
  }

  /** vLLM answers 404 for a model it does not serve. */
  public static ApiError modelNotFound(String model) {
    return new ApiError(HttpStatus.NOT_FOUND, "The model `" + model + "` does not exist.", "NotFoundError", "model");
  }

  /** vLLM's wording when the prompt alone fills the context. */
  public static ApiError promptTooLong(int maxModelLen, int promptTokens) {
    return badRequest("This model's maximum context length is " + maxModelLen + " tokens. However, your request has "
        + promptTokens + " input tokens. Please reduce the length of the input messages.", "input_tokens");
  }

  /** vLLM's wording when the prompt and the tokens to generate do not fit in the context. */
  public static ApiError maxTokensTooLarge(int maxModelLen, int promptTokens, int maxTokens) {
    return badRequest("'max_tokens' or 'max_completion_tokens' is too large: " + maxTokens + ". This model's maximum "
        + "context length is " + maxModelLen + " tokens and your request has " + promptTokens + " input tokens ("
        + maxTokens + " > " + maxModelLen + " - " + promptTokens + ").", "max_tokens");
  }

  /** The answer of the {@code http-500} fault. */
  public static ApiError simulatedFailure() {
    return new ApiError(HttpStatus.INTERNAL_SERVER_ERROR, "simulated model server failure (fault http-500)",
        "InternalServerError", null);
  }

  /** For {@code RouterFunctions.Builder.onError(ApiError.class, ApiError::respond)}: logs the refusal and answers it. */
  public static Mono<ServerResponse> respond(Throwable error, ServerRequest request) {
    ApiError apiError = (ApiError) error;
    log.info("{} {} -> {} {}", request.method(), request.path(), apiError.status.value(), apiError.getMessage());
    return apiError.toResponse();
  }

  public Mono<ServerResponse> toResponse() {
    return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON)
        .bodyValue(new Body(new Detail(getMessage(), type, param, status.value())));
  }

  record Body(Detail error) {}

  record Detail(String message, String type, String param, int code) {}
}
