package io.koreanllm.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.timeout.ReadTimeoutException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.web.reactive.function.client.WebClient;

/** A probe of a server that never answers ends in a read timeout, and the probe closes its connection. */
class ProbeClientsTest {

  @Test
  void aServerThatNeverAnswersTimesOutAndItsConnectionIsClosed() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      // Reads the request, answers nothing, and completes once the client has closed the connection.
      CompletableFuture<Void> closedByTheClient = CompletableFuture.runAsync(() -> {
        try (Socket connection = silent.accept(); InputStream in = connection.getInputStream()) {
          byte[] buffer = new byte[4096];
          while (in.read(buffer) >= 0) {
            continue; // the request's bytes
          }
        } catch (IOException e) {
          // reset rather than closed: ended by the client all the same
        }
      });
      WebClient client = ProbeClients.create(Duration.ofMillis(300), 1024);

      assertThatThrownBy(() -> client.get().uri("http://127.0.0.1:" + silent.getLocalPort() + "/health")
          .retrieve().toBodilessEntity().block(Duration.ofSeconds(30)))
          .satisfies(error -> assertThat(NestedExceptionUtils.getRootCause(error))
              .isInstanceOf(ReadTimeoutException.class));
      assertThat(closedByTheClient).succeedsWithin(Duration.ofSeconds(30));
    }
  }
}
