package io.koreanllm.gateway.observe;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Hands each ended request to every {@link RequestListener}: the metrics and the dashboard's recent requests. */
@Component
public class RequestEvents {

  private static final Logger log = LoggerFactory.getLogger(RequestEvents.class);

  private final List<RequestListener> listeners;

  public RequestEvents(List<RequestListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  public void publish(RequestRecord record) {
    for (RequestListener listener : listeners) {
      try {
        listener.requestEnded(record);
      } catch (RuntimeException e) {
        // Observation must never break a request.
        log.warn("request listener {} failed: {}", listener.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
