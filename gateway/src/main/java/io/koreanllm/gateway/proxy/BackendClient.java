package io.koreanllm.gateway.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import jakarta.annotation.PreDestroy;
import java.net.URI;
import java.time.Duration;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Sends request bodies to model backends over pooled HTTP/1.1 connections and hands each answer to a relay while its
 * connection is open. Reactor Netty's client shares the server's event loops, so a request is forwarded on the loop
 * it arrived on.
 */
@Component
class BackendClient {

  private static final Duration CLOSING = Duration.ofSeconds(10);

  private final ConnectionProvider pool;
  private final HttpClient client;

  BackendClient(ProxyProperties properties) {
    // Streams hold a connection for minutes: the pool must not be what limits concurrency (the quotas and the
    // backend's own scheduler do), and idle connections to a backend that restarted must not be reused for long.
    this.pool = ConnectionProvider.builder("model-backends")
        .maxConnections(4096)
        .pendingAcquireMaxCount(-1)
        .maxIdleTime(Duration.ofSeconds(30))
        .build();
    this.client = HttpClient.create(pool)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.backendConnectTimeout().toMillis())
        .keepAlive(true)
        .headers(headers -> headers.set(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
            .set(HttpHeaders.ACCEPT, "application/json, text/event-stream"));
  }

  /**
   * POSTs a JSON body and completes when {@code relay} has finished with the answer.
   *
   * @param silence the longest the backend may stay silent before its answer begins, or between two reads of it
   */
  Mono<Void> post(URI uri, byte[] json, String requestId, Duration silence, Function<BackendAnswer, Mono<Void>> relay) {
    // Only what differs per request is set per request: configuring the client itself copies its configuration.
    return client.post()
        .uri(uri)
        .send((request, out) -> {
          request.header("x-request-id", requestId).responseTimeout(silence);
          return out.send(Mono.just(Unpooled.wrappedBuffer(json)));
        })
        .response((response, body) -> relay.apply(new BackendAnswer(response.status().code(),
            contentType(response.responseHeaders().get(HttpHeaders.CONTENT_TYPE)), body.asByteArray())))
        .then();
  }

  /**
   * Closes the pooled connections when the application closes (after its server has stopped taking requests): a
   * pool of its own is not closed with Reactor Netty's global resources, and its idle connections would otherwise
   * keep the backends' sockets open for their idle time.
   */
  @PreDestroy
  void close() {
    pool.disposeLater().block(CLOSING);
  }

  private static MediaType contentType(String header) {
    try {
      return header == null ? null : MediaType.parseMediaType(header);
    } catch (IllegalArgumentException e) {
      return null; // an unreadable content type is treated as none: the answer is relayed as plain bytes
    }
  }
}
