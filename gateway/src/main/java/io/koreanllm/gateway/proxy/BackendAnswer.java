package io.koreanllm.gateway.proxy;

import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;

/**
 * A backend's answer as it arrives: its status and content type at once, its body as the network delivers it.
 *
 * @param contentType null when the backend sent none
 */
record BackendAnswer(int status, MediaType contentType, Flux<byte[]> body) {

  boolean successful() {
    return status >= 200 && status < 300;
  }

  boolean serverError() {
    return status >= 500;
  }

  boolean isEventStream() {
    return contentType != null && MediaType.TEXT_EVENT_STREAM.isCompatibleWith(contentType);
  }
}
