package io.koreanllm.gateway.support;

import io.koreanllm.gateway.http.GatewayHeaders;
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

  /**
   * One answer: its status, its error code and message on refusal, the tokens its usage reports on success, and the
   * prompt tokens the gateway counted and reserved for it (0 when refused).
   */
  public record Answer(int status, String code, long totalTokens, long promptTokens, String message) {
  }

  private Burst() {
  }

  public static List<Answer> send(List<String> gatewayUrls, String key, Map<String, Object> body, int requests) {
    return send(gatewayUrls, List.of(key), body, requests);
  }

  /** Requests of several users at once: each key sends through every gateway in turn. */
  public static List<Answer> send(List<String> gatewayUrls, List<String> keys, Map<String, Object> body,
      int requests) {
    ConnectionProvider pool = ConnectionProvider.builder("burst").maxConnections(requests).build();
    try {
      List<WebClient> clients = gatewayUrls.stream().map(url -> WebClient.builder().baseUrl(url)
          .clientConnector(new org.springframework.http.client.reactive.ReactorClientHttpConnector(
              HttpClient.create(pool)))
          .build()).toList();
      return Flux.range(0, requests)
          .flatMap(i -> clients.get(i % clients.size()).post().uri("/v1/chat/completions")
              .header("Authorization", "Bearer " + keys.get(i / clients.size() % keys.size()))
              .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
              .exchangeToMono(response -> response.bodyToMono(JsonNode.class).map(json -> new Answer(
                  response.statusCode().value(), json.path("error").path("code").asString(""),
                  json.path("usage").path("total_tokens").asLong(0), promptTokens(response),
                  json.path("error").path("message").asString("")))), requests)
          .collectList()
          .block(Duration.ofMinutes(2));
    } finally {
      pool.dispose();
    }
  }

  private static long promptTokens(org.springframework.web.reactive.function.client.ClientResponse response) {
    String counted = response.headers().asHttpHeaders().getFirst(GatewayHeaders.PROMPT_TOKENS);
    return counted == null ? 0 : Long.parseLong(counted);
  }

  /** What the admitted answers held while they ran: prompt + max_tokens each. */
  public static long reserved(List<Answer> answers, int maxTokens) {
    return answers.stream().filter(answer -> answer.status() == 200)
        .mapToLong(answer -> answer.promptTokens() + maxTokens).sum();
  }

  public static long admitted(List<Answer> answers) {
    return answers.stream().filter(answer -> answer.status() == 200).count();
  }

  public static long charged(List<Answer> answers) {
    return answers.stream().mapToLong(Answer::totalTokens).sum();
  }
}
