package io.koreanllm.gateway.support;

import java.time.Duration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * HTTP clients of the tests. Each request gets a new connection: tests cut streams and stop servers on purpose, and
 * a pooled connection left half-dead by one test must not hang the next.
 */
public final class TestClients {

  private TestClients() {
  }

  private static ReactorClientHttpConnector connector() {
    return new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection()));
  }

  public static WebTestClient webTestClient(String baseUrl) {
    return WebTestClient.bindToServer(connector()).baseUrl(baseUrl).responseTimeout(Duration.ofSeconds(30)).build();
  }

  public static WebClient webClient(String baseUrl) {
    return WebClient.builder().clientConnector(connector()).baseUrl(baseUrl).build();
  }
}
