package io.koreanllm.gateway.http;

import io.netty.channel.ChannelOption;
import java.time.Duration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

/**
 * WebClients for the gateway's probes of other servers (backend health and metrics, GPU exporters, counting parity).
 * Their time limit is the connector's: a server too slow to connect or to answer ends the exchange with an error that
 * closes its connection. A Reactor {@code timeout()} instead cancels, and a cancel that races the answer's delivery
 * makes the body throw, logged as a dropped error, and keeps the connection from the pool (spring-framework#37204).
 */
public final class ProbeClients {

  private ProbeClients() {
  }

  /**
   * @param timeout the longest to connect, and to wait for the answer and between two reads of it
   * @param maxBodyBytes answers larger than this fail instead of filling the gateway's memory
   */
  public static WebClient create(Duration timeout, int maxBodyBytes) {
    HttpClient http = HttpClient.create()
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
        .responseTimeout(timeout);
    return WebClient.builder()
        .clientConnector(new ReactorClientHttpConnector(http))
        .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(maxBodyBytes))
        .build();
  }
}
