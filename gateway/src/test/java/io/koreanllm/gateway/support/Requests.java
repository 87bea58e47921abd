package io.koreanllm.gateway.support;

import java.util.List;
import java.util.Map;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/** Request bodies and calls the gateway tests share. */
public final class Requests {

  public static final String USER1_KEY = "sk-user1-korean-key-def";
  public static final String DEV1_KEY = "sk-dev1-korean-key-789";
  public static final String TEST_KEY = "sk-test-korean-key-stu";
  /** 사용자1's stats; the template variable is sent percent-encoded as UTF-8, as clients do. */
  public static final String USER1_STATS = "/stats/사용자1";

  private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENT =
      new ParameterizedTypeReference<>() {
      };

  private Requests() {
  }

  /** A user's {@code /stats}, as the admin reads it from the gateway at {@code url}. */
  public static JsonNode stats(String url, String user) {
    return TestClients.webTestClient(url).get().uri("/stats/" + user)
        .header("Authorization", "Bearer " + TestGateway.ADMIN_KEY).exchange().expectStatus().isOk()
        .expectBody(JsonNode.class).returnResult().getResponseBody();
  }

  public static Map<String, Object> koreanChat(String model, int maxTokens) {
    return Map.of("model", model, "max_tokens", maxTokens, "messages", List.of(
        Map.of("role", "system", "content", "당신은 친근한 한국어 AI 어시스턴트입니다."),
        Map.of("role", "user", "content", "안녕하세요! 한국어로 간단한 인사를 해주세요.")));
  }

  public static Map<String, Object> streamed(Map<String, Object> body, Boolean includeUsage) {
    java.util.Map<String, Object> streamed = new java.util.HashMap<>(body);
    streamed.put("stream", true);
    if (includeUsage != null) {
      streamed.put("stream_options", Map.of("include_usage", includeUsage));
    }
    return streamed;
  }

  /** The data of each Server-Sent Event the gateway streams back. */
  public static Flux<String> events(String baseUrl, String key, Map<String, Object> body) {
    return TestClients.webClient(baseUrl).post().uri("/v1/chat/completions")
        .header("Authorization", "Bearer " + key)
        .contentType(MediaType.APPLICATION_JSON).accept(MediaType.TEXT_EVENT_STREAM)
        .bodyValue(body)
        .retrieve()
        .bodyToFlux(EVENT)
        .mapNotNull(ServerSentEvent::data);
  }
}
