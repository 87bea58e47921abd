package io.koreanllm.gateway.http;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A refusal, answered as OpenAI does: {@code {"error": {"message", "type", "param", "code"}}} with a 4xx or 5xx
 * status. Thrown anywhere on the request path and written by {@link ApiErrorWriter}.
 */
public final class ApiError extends RuntimeException {

  private final HttpStatus status;
  private final String type;
  private final String code;
  private final String param;
  private final HttpHeaders headers = new HttpHeaders();

  public ApiError(HttpStatus status, String type, String code, String param, String message) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
  }

  public static ApiError invalidRequest(String param, String message) {
    return new ApiError(HttpStatus.BAD_REQUEST, "invalid_request_error", "invalid_request", param, message);
  }

  public static ApiError invalidRequest(String code, String param, String message) {
    return new ApiError(HttpStatus.BAD_REQUEST, "invalid_request_error", code, param, message);
  }

  public static ApiError unauthorized(String code, String message) {
    return new ApiError(HttpStatus.UNAUTHORIZED, "authentication_error", code, null, message);
  }

  public static ApiError forbidden(String code, String message) {
    return new ApiError(HttpStatus.FORBIDDEN, "permission_error", code, null, message);
  }

  public static ApiError modelNotFound(String model) {
    return new ApiError(HttpStatus.NOT_FOUND, "invalid_request_error", "model_not_found", "model",
        "The model '" + model + "' does not exist. / 모델 '" + model + "'을(를) 찾을 수 없습니다.");
  }

  public static ApiError notFound(String message) {
    return new ApiError(HttpStatus.NOT_FOUND, "invalid_request_error", "not_found", null, message);
  }

  public static ApiError backend(HttpStatus status, String code, String message) {
    return new ApiError(status, "backend_error", code, null, message);
  }

  public HttpStatus status() {
    return status;
  }

  public String code() {
    return code;
  }

  public HttpHeaders headers() {
    return headers;
  }

  public ApiError withHeader(String name, String value) {
    headers.set(name, value);
    return this;
  }

  /** When the client may try again: {@code Retry-After} in whole seconds (at least 1) and {@code retry-after-ms}. */
  public ApiError retryAfter(java.time.Duration wait) {
    long millis = Math.max(0, wait.toMillis());
    headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (millis + 999) / 1000)));
    headers.set(GatewayHeaders.RETRY_AFTER_MS, Long.toString(millis));
    return this;
  }

  /** Retrying the same request cannot succeed: OpenAI's SDKs then do not retry it. */
  public ApiError notRetryable() {
    headers.set(GatewayHeaders.SHOULD_RETRY, "false");
    return this;
  }

  public Map<String, Object> body() {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", getMessage());
    error.put("type", type);
    error.put("param", param);
    error.put("code", code);
    return Map.of("error", error);
  }
}
