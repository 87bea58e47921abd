package io.koreanllm.gateway.admin;

import static io.koreanllm.gateway.support.Requests.DEV1_KEY;
import static io.koreanllm.gateway.support.Requests.USER1_KEY;
import static io.koreanllm.gateway.support.Requests.USER1_STATS;
import static io.koreanllm.gateway.support.Requests.koreanChat;
import static org.assertj.core.api.Assertions.assertThat;

import io.koreanllm.gateway.support.GatewayStack;
import io.koreanllm.gateway.support.TestGateway;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** The seeds' stats and admin routes, and who may call them. */
class AdminRoutesTest {

  @RegisterExtension
  static final GatewayStack STACK = GatewayStack.withEditableUsers();

  private static WebTestClient as(String key) {
    return STACK.gateway().client().mutate().defaultHeader("Authorization", "Bearer " + key).build();
  }

  private static long chat(String key) {
    return as(key).post().uri("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(koreanChat("korean-qwen", 20)).exchange().expectStatus().isOk().expectBody(JsonNode.class)
        .returnResult().getResponseBody().path("usage").path("total_tokens").asLong();
  }

  private static JsonNode get(String key, String uri) {
    return as(key).get().uri(uri).exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult()
        .getResponseBody();
  }

  @Test
  void adminRoutesNeedTheAdminKeyAndStatsAUsersOwnKey() {
    STACK.gateway().client().get().uri("/admin/statistics").exchange().expectStatus().isUnauthorized();
    as(USER1_KEY).get().uri("/admin/statistics").exchange().expectStatus().isForbidden();
    as(USER1_KEY).delete().uri("/admin/reset-usage/user1").exchange().expectStatus().isForbidden();
    as(USER1_KEY).post().uri("/admin/reload-config").exchange().expectStatus().isForbidden();
    as(USER1_KEY).get().uri(USER1_STATS).exchange().expectStatus().isOk();
    as(USER1_KEY).get().uri("/stats/dev1").exchange().expectStatus().isForbidden()
        .expectBody().jsonPath("$.error.code").isEqualTo("not_your_stats");
    as(TestGateway.ADMIN_KEY).get().uri("/stats/nobody").exchange().expectStatus().isNotFound();
  }

  @Test
  void statisticsTopUsersAndResetFollowTheTraffic() {
    STACK.gateway().clock().advance(Duration.ofMinutes(2));
    as(TestGateway.ADMIN_KEY).delete().uri("/admin/reset-usage/user1").exchange().expectStatus().isOk();
    as(TestGateway.ADMIN_KEY).delete().uri("/admin/reset-usage/dev1").exchange().expectStatus().isOk();
    long user1 = chat(USER1_KEY) + chat(USER1_KEY);
    long dev1 = chat(DEV1_KEY);

    JsonNode top = get(TestGateway.ADMIN_KEY, "/admin/top-users?limit=10&period=today");
    assertThat(top.path("users").get(0).path("user").asString()).isEqualTo("user1");
    assertThat(top.path("users").get(0).path("display_name").asString()).isEqualTo("사용자1");
    assertThat(top.path("users").get(0).path("total_tokens").asLong()).isEqualTo(user1);
    assertThat(top.path("users").get(0).path("requests").asLong()).isEqualTo(2);
    assertThat(get(TestGateway.ADMIN_KEY, "/admin/top-users?limit=1&period=week").path("users")).hasSize(1);
    as(TestGateway.ADMIN_KEY).get().uri("/admin/top-users?period=year").exchange().expectStatus().isBadRequest();
    as(TestGateway.ADMIN_KEY).get().uri("/admin/top-users?limit=0").exchange().expectStatus().isBadRequest();

    JsonNode statistics = get(TestGateway.ADMIN_KEY, "/admin/statistics");
    assertThat(statistics.path("today").path("requests").asLong()).isGreaterThanOrEqualTo(3);
    assertThat(statistics.path("daily_reset_zone").asString()).isEqualTo("Asia/Seoul");

    // reset by display name, percent-encoded UTF-8
    as(TestGateway.ADMIN_KEY).delete().uri("/admin/reset-usage/{user}", "사용자1").exchange()
        .expectStatus().isOk().expectBody().jsonPath("$.user").isEqualTo("user1");
    JsonNode stats = get(TestGateway.ADMIN_KEY, USER1_STATS);
    assertThat(stats.path("usage").path("requests_last_minute").asLong()).as("the quota is forgiven").isZero();
    assertThat(stats.path("usage").path("tokens_today").asLong()).isZero();
    assertThat(stats.path("today").path("total_tokens").asLong()).as("the record of what was used stays")
        .isEqualTo(user1);
    assertThat(get(TestGateway.ADMIN_KEY, "/stats/dev1").path("today").path("total_tokens").asLong())
        .isEqualTo(dev1);
  }

  @Test
  void reloadConfigAppliesAValidPolicyAndKeepsTheOldOneWhenInvalid() throws Exception {
    String original = Files.readString(STACK.usersFile());
    try {
      Files.writeString(STACK.usersFile(), original.replace("rpm: 80", "rpm: 81"));
      as(TestGateway.ADMIN_KEY).post().uri("/admin/reload-config").exchange().expectStatus().isOk()
          .expectBody().jsonPath("$.users").isEqualTo(3);
      assertThat(get(TestGateway.ADMIN_KEY, "/stats/dev1").path("limits").path("rpm").asInt()).isEqualTo(81);

      Files.writeString(STACK.usersFile(), original.replace("rpm: 80", "rpm: -1"));
      as(TestGateway.ADMIN_KEY).post().uri("/admin/reload-config").exchange().expectStatus().isBadRequest()
          .expectBody().jsonPath("$.error.code").isEqualTo("invalid_policy")
          .jsonPath("$.error.message").value(message -> assertThat((String) message).contains("rpm"));
      assertThat(get(TestGateway.ADMIN_KEY, "/stats/dev1").path("limits").path("rpm").asInt()).isEqualTo(81);
    } finally {
      Files.writeString(STACK.usersFile(), original);
    }
  }

  @Test
  void withNoDcgmExporterConfiguredTheGpuPanelIsHidden() {
    JsonNode gpus = as(TestGateway.ADMIN_KEY).get().uri("/admin/gpus").exchange().expectStatus().isOk()
        .expectBody(JsonNode.class).returnResult().getResponseBody();
    assertThat(gpus.path("configured").asBoolean()).isFalse();
    assertThat(gpus.path("exporters")).isEmpty();
  }

  @Test
  void tokenInfoCountsExactlyAndShowsTheSeedHeuristic() {
    JsonNode info = as(USER1_KEY).get().uri("/token-info?model=korean-qwen&text={text}", "안녕하세요").exchange()
        .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    assertThat(info.path("model").asString()).isEqualTo("korean-qwen");
    assertThat(info.path("char_count").asInt()).isEqualTo(5);
    assertThat(info.path("token_count").asInt()).isPositive();
    assertThat(info.path("heuristic_estimate").asInt()).isEqualTo(6); // ceil(5 × 1.15)
    STACK.gateway().client().get().uri("/token-info?text=x").exchange().expectStatus().isUnauthorized();
  }
}
