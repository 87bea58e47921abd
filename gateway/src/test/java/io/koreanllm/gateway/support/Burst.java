package io.koreanllm.gateway.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;

/** Many requests of one user at once, spread over several gateways; what each answered. */
public final class Burst {

  /** One answer: its status, its error code on refusal, the tokens its usage reports on success. */
  public record Answer(int status, String code, long totalTokens) {
  }

  private Burst() {
  }

  public static List<Answer> send(List<String> gatewayUrls, String key, Map<String, Object> body, int requests) {
    ConnectionProvider pool = ConnectionProvider.builder("burst").maxConnections(requests).build();
    try {
      List<WebClient> clients = gatewayUrls.stream().map(url -> WebClient.builder().baseUrl(url)
          .clientConnector(new org.springframework.http.client.reactive.ReactorClientHttpConnector(
              HttpClient.create(pool)))
          .build()).toList();
      return Flux.range(0, requests)
          .flatMap(i -> clients.get(i % clients.size()).post().uri("/v1/chat/completions")
              .header("Authorization", "Bearer " + key).contentType(MediaType.APPLICATION_JSON).bodyValue(body)
              .exchangeToMono(response -> response.bodyToMono(JsonNode.class).map(json -> new Answer(
                  response.statusCode().value(), json.path("error").path("code").asString(""),
                  json.path("usage").path("total_tokens").asLong(0)))), requests)
          .collectList()
          .block(Duration.ofMinutes(2));
    } finally {
      pool.dispose();
    }
  }

  public static long admitted(List<Answer> answers) {
    return answers.stream().filter(answer -> answer.status() == 200).count();
  }

  public static long charged(List<Answer> answers) {
    return answers.stream().mapToLong(Answer::totalTokens).sum();
  }
}
