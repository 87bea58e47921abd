package io.koreanllm.gateway.admin;

import static io.koreanllm.gateway.support.Requests.koreanChat;
import static org.assertj.core.api.Assertions.assertThat;

import io.koreanllm.gateway.support.GatewayStack;
import io.koreanllm.gateway.support.TestGateway;
import io.koreanllm.gateway.usage.DailyUsage;
import io.koreanllm.gateway.usage.UsageLedger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Teams through a real gateway: a team's limit refuses its members with a 429 naming the team, a monthly budget with
 * its own code, {@code /stats} shows the team's remaining amounts, {@code /admin/teams} each member's share, users
 * of two namespaces with the same name stay apart, and the usage export of a seeded month equals the ledger, as JSON
 * and as a CSV that keeps Korean names.
 */
class TeamsAndExportTest {

  private static final String KIM_A = "sk-team-a-kim-key-0001";
  private static final String KIM_B = "sk-team-b-kim-key-0001";
  private static final String LEE = "sk-team-a-lee-key-0001";
  private static final String SOLO = "sk-solo-key-000000001";
  private static final String CAPPED = "sk-capped-team-key-01";

  @RegisterExtension
  static final GatewayStack STACK = GatewayStack.withUsers("""
      defaults:
        limits: {rpm: 0, tpm: 0, tph: 0, tpd: 0, cooldownMinutes: 0}
      teams:
        - name: team-a/research
          displayName: 연구팀
          limits: {tpd: 1000000, monthlyTokens: 5000000}
        - name: team-a/interns
          displayName: 인턴, 여름
          limits: {monthlyTokens: 150}
      users:
        - name: team-a/kim
          displayName: 김민지
          team: team-a/research
          keys: [{key: "%s"}]
        - name: team-b/kim
          displayName: 김철수
          keys: [{key: "%s"}]
        - name: team-a/lee
          displayName: 이서연
          team: team-a/research
          keys: [{key: "%s"}]
        - name: solo
          keys: [{key: "%s"}]
        - name: team-a/intern
          displayName: 박인턴
          team: team-a/interns
          keys: [{key: "%s"}]
      """.formatted(KIM_A, KIM_B, LEE, SOLO, CAPPED));

  /** What the clients were told they used, per user, team and model: what the export must show. */
  private static final List<DailyUsage> SENT = new ArrayList<>();

  private static WebTestClient as(String key) {
    return STACK.gateway().client().mutate().defaultHeader("Authorization", "Bearer " + key).build();
  }

  private static void chat(String key, String user, String team, String model) {
    JsonNode answer = as(key).post().uri("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(koreanChat(model, 12)).exchange().expectStatus().isOk().expectBody(JsonNode.class)
        .returnResult().getResponseBody();
    LocalDate day = LocalDate.ofInstant(STACK.gateway().clock().instant(), java.time.ZoneId.of("Asia/Seoul"));
    SENT.add(new DailyUsage(day, user, team, model, 1, answer.path("usage").path("prompt_tokens").asLong(),
        answer.path("usage").path("completion_tokens").asLong()));
  }

  /** Seeds November 2026 in Seoul: traffic on the 1st, the 15th and the 30th, and one request in December. */
  @BeforeAll
  static void seed() {
    STACK.gateway().clock().set(Instant.parse("2026-10-31T15:30:00Z")); // 1 November, 00:30 in Seoul
    chat(KIM_A, "team-a/kim", "team-a/research", "korean-qwen");
    chat(LEE, "team-a/lee", "team-a/research", "korean-llama");
    chat(SOLO, "solo", null, "korean-qwen");
    STACK.gateway().clock().set(Instant.parse("2026-11-15T03:00:00Z"));
    chat(KIM_A, "team-a/kim", "team-a/research", "korean-llama");
    chat(KIM_B, "team-b/kim", null, "korean-qwen");
    chat(KIM_A, "team-a/kim", "team-a/research", "korean-qwen");
    chat(CAPPED, "team-a/intern", "team-a/interns", "korean-qwen");
    STACK.gateway().clock().set(Instant.parse("2026-11-30T14:59:00Z")); // 30 November, 23:59 in Seoul
    chat(LEE, "team-a/lee", "team-a/research", "korean-qwen");
    STACK.gateway().clock().set(Instant.parse("2026-11-30T15:01:00Z")); // 1 December in Seoul
    chat(KIM_B, "team-b/kim", null, "korean-llama");
  }

  private static List<DailyUsage> sentIn(LocalDate from, LocalDate to) {
    return SENT.stream().filter(day -> !day.day().isBefore(from) && !day.day().isAfter(to)).toList();
  }

  @Test
  void theJsonExportOfTheMonthEqualsTheLedgerAndWhatClientsWereTold() {
    LocalDate first = LocalDate.parse("2026-11-01");
    LocalDate last = LocalDate.parse("2026-11-30");
    List<DailyUsage> ledger = STACK.gateway().bean(UsageLedger.class).daily(first, last).block();
    assertThat(total(ledger)).isEqualTo(total(sentIn(first, last))).isPositive();

    for (String group : List.of("user", "team", "model")) {
      JsonNode export = as(TestGateway.ADMIN_KEY).get()
          .uri("/admin/usage/export?from=2026-11-01&to=2026-11-30&group={group}&format=json", group).exchange()
          .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
      assertThat(export.path("group").asString()).isEqualTo(group);
      Map<String, Long> exported = new HashMap<>();
      export.path("rows").forEach(row -> exported.merge(row.path("day").asString() + " "
          + row.path(group).asString("-"), row.path("total_tokens").asLong(), Long::sum));
      Map<String, Long> expected = new HashMap<>();
      sentIn(first, last).forEach(day -> expected.merge(day.day() + " " + key(day, group), day.totalTokens(),
          Long::sum));
      assertThat(exported).as("per day and %s", group).isEqualTo(expected);
    }
  }

  @Test
  void theCsvExportHasAByteOrderMarkAndKoreanNamesAndQuotesWhatNeedsIt() {
    byte[] body = as(TestGateway.ADMIN_KEY).get()
        .uri("/admin/usage/export?from=2026-11-01&to=2026-11-30&group=user&format=csv").exchange()
        .expectStatus().isOk()
        .expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("text/csv"))
        .expectHeader().valueMatches("Content-Disposition", "attachment; filename=\"usage-user-2026-11-01-2026-11-30"
            + "\\.csv\"")
        .expectBody().returnResult().getResponseBody();
    assertThat(Arrays.copyOf(body, 3)).as("UTF-8 byte order mark, for Excel")
        .containsExactly(0xEF, 0xBB, 0xBF);
    List<String> lines = new String(body, 3, body.length - 3, StandardCharsets.UTF_8).lines().toList();
    assertThat(lines.get(0)).isEqualTo("day,user,display_name,requests,prompt_tokens,completion_tokens,total_tokens");
    assertThat(lines).contains(csvRow("2026-11-15", "team-a/kim", "김민지"), csvRow("2026-11-15", "team-b/kim", "김철수"),
        csvRow("2026-11-30", "team-a/lee", "이서연"));
    long csvTotal = lines.stream().skip(1).mapToLong(line -> Long.parseLong(line.substring(line.lastIndexOf(',') + 1)))
        .sum();
    assertThat(csvTotal).isEqualTo(total(sentIn(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-30"))));

    byte[] teams = as(TestGateway.ADMIN_KEY).get()
        .uri("/admin/usage/export?from=2026-11-01&to=2026-11-30&group=team&format=csv").exchange()
        .expectStatus().isOk().expectBody().returnResult().getResponseBody();
    assertThat(new String(teams, StandardCharsets.UTF_8)).contains(",team-a/research,연구팀,")
        .contains("2026-11-01,,,") // the usage of users in no team, a row without a team
        .contains(",team-a/interns,\"인턴, 여름\","); // a comma in a name is quoted
  }

  /** The start of a user's CSV row, up to its counts. */
  private static String csvRow(String day, String user, String displayName) {
    long tokens = SENT.stream().filter(sent -> sent.day().toString().equals(day) && sent.user().equals(user))
        .mapToLong(DailyUsage::totalTokens).sum();
    long requests = SENT.stream().filter(sent -> sent.day().toString().equals(day) && sent.user().equals(user))
        .count();
    long prompt = SENT.stream().filter(sent -> sent.day().toString().equals(day) && sent.user().equals(user))
        .mapToLong(DailyUsage::promptTokens).sum();
    return String.join(",", day, user, displayName, Long.toString(requests), Long.toString(prompt),
        Long.toString(tokens - prompt), Long.toString(tokens));
  }

  @Test
  void badExportParametersAreRefusedNamingThem() {
    for (String[] bad : new String[][] {{"from=2026-13-01", "from"}, {"to=yesterday", "to"},
        {"from=2026-11-30&to=2026-11-01", "to"}, {"group=department", "group"}, {"format=xlsx", "format"},
        {"from=2024-01-01&to=2026-11-30", "from"}}) {
      as(TestGateway.ADMIN_KEY).get().uri("/admin/usage/export?" + bad[0]).exchange().expectStatus().isBadRequest()
          .expectBody().jsonPath("$.error.param").isEqualTo(bad[1]);
    }
    as(KIM_A).get().uri("/admin/usage/export").exchange().expectStatus().isForbidden();
  }

  @Test
  void statsShowTheTeamsRemainingAmountsAndTheTeamsRouteEachMembersShare() {
    JsonNode stats = as(KIM_A).get().uri("/stats/team-a/kim").exchange().expectStatus().isOk()
        .expectBody(JsonNode.class).returnResult().getResponseBody();
    assertThat(stats.path("user").asString()).isEqualTo("team-a/kim");
    JsonNode team = stats.path("team");
    assertThat(team.path("name").asString()).isEqualTo("team-a/research");
    assertThat(team.path("display_name").asString()).isEqualTo("연구팀");
    assertThat(team.path("limits").path("monthly_tokens").asLong()).isEqualTo(5_000_000);
    // It is December in Seoul now: the team's month began with nothing used.
    assertThat(team.path("remaining").path("tokens_this_month").asLong()).isEqualTo(5_000_000);
    assertThat(team.path("remaining").path("tokens_today").asLong()).isEqualTo(1_000_000);

    // Two namespaces, one name: each kim sees only their own stats.
    as(KIM_A).get().uri("/stats/team-b/kim").exchange().expectStatus().isForbidden();
    as(KIM_B).get().uri("/stats/team-b/kim").exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.display_name").isEqualTo("김철수").jsonPath("$.team").isEmpty();

    JsonNode teams = as(TestGateway.ADMIN_KEY).get().uri("/admin/teams").exchange().expectStatus().isOk()
        .expectBody(JsonNode.class).returnResult().getResponseBody().path("teams");
    assertThat(teams).extracting(node -> node.path("name").asString())
        .containsExactly("team-a/interns", "team-a/research");
    JsonNode research = teams.get(1);
    assertThat(research.path("members")).extracting(member -> member.path("user").asString())
        .containsExactly("team-a/kim", "team-a/lee");
  }

  @Test
  void aTeamsMonthlyBudgetRefusesItsMemberWithItsOwnCodeUntilNextMonth() {
    STACK.gateway().clock().set(Instant.parse("2026-12-10T03:00:00Z"));
    as(CAPPED).post().uri("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(koreanChat("korean-qwen", 30)).exchange().expectStatus().isOk();
    JsonNode refused = as(CAPPED).post().uri("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(koreanChat("korean-qwen", 100)).exchange().expectStatus().isEqualTo(429)
        .expectHeader().valueEquals("x-should-retry", "false")
        .expectHeader().valueEquals("Retry-After", Long.toString(21 * 86400 + 12 * 3600))
        .expectBody(JsonNode.class).returnResult().getResponseBody();
    assertThat(refused.path("error").path("code").asString()).isEqualTo("monthly_budget_exceeded");
    assertThat(refused.path("error").path("message").asString()).contains("팀 team-a/interns")
        .contains("월간 토큰 예산");
  }

  private static String key(DailyUsage day, String group) {
    String key = switch (group) {
      case "user" -> day.user();
      case "team" -> day.team();
      default -> day.model();
    };
    return key == null ? "-" : key;
  }

  private static long total(List<DailyUsage> days) {
    return days.stream().mapToLong(DailyUsage::totalTokens).sum();
  }
}
