package io.koreanllm.gateway.http;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Writes an {@link ApiError} as the whole response. */
@Component
public class ApiErrorWriter {

  private final JsonMapper json;

  public ApiErrorWriter(JsonMapper json) {
    this.json = json;
  }

  public Mono<Void> write(ServerHttpResponse response, ApiError error) {
    if (response.isCommitted()) {
      // The answer is already on its way (a stream broke midway): all that is left is to end it.
      return response.setComplete();
    }
    response.setStatusCode(error.status());
    response.getHeaders().putAll(error.headers());
    response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
    byte[] bytes = json.writeValueAsBytes(error.body());
    response.getHeaders().setContentLength(bytes.length);
    DataBuffer buffer = response.bufferFactory().wrap(bytes);
    return response.writeWith(Mono.just(buffer));
  }
}
