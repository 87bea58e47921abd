package io.koreanllm.operator.user;

import io.koreanllm.operator.GatewayStandIn;
import io.koreanllm.operator.user.UsageSource.TeamTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Usage read from the gateway's admin API in bulk, at most once per period for all users and teams. */
class GatewayUsageSourceTest {

  private static final String EXPORT = "/admin/usage/export";
  private static final LocalDate TODAY = LocalDate.parse("2026-12-04");
  private final GatewayStandIn gateway = new GatewayStandIn();

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void usersTodayByTheirPolicyName() {
    gateway.answer("/admin/top-users", """
        {"period":"today","users":[{"user":"a/kim","display_name":"김","total_tokens":120},
         {"user":"b/kim","display_name":"b/kim","total_tokens":7}]}""");
    GatewayUsageSource usage = new GatewayUsageSource(gateway.url(), GatewayStandIn.ADMIN_KEY, Duration.ofMinutes(1));

    assertThat(usage.tokensToday("a/kim")).hasValue(120);
    assertThat(usage.tokensToday("b/kim")).hasValue(7);
    assertThat(usage.tokensToday("a/lee")).as("the whole list came: not in it, spent nothing").hasValue(0);
    assertThat(gateway.requests()).singleElement()
        .isEqualTo(URI.create("/admin/top-users?period=today&limit=" + GatewayUsageSource.LIMIT));
  }

  @Test
  void teamsTodayAndThisMonthFromOneExportOfTheMonthSoFar() {
    gateway.answer(EXPORT, """
        {"from":"2026-12-01","to":"2026-12-04","group":"team","rows":[
         {"day":"2026-12-01","team":"ns/research","display_name":"연구팀","requests":9,"prompt_tokens":60,
          "completion_tokens":40,"total_tokens":100},
         {"day":"2026-12-01","team":null,"display_name":null,"requests":1,"prompt_tokens":500,
          "completion_tokens":499,"total_tokens":999},
         {"day":"2026-12-04","team":"ns/research","display_name":"연구팀","requests":3,"prompt_tokens":10,
          "completion_tokens":5,"total_tokens":15},
         {"day":"2026-12-02","team":"ns/design","display_name":"디자인","requests":1,"prompt_tokens":4,
          "completion_tokens":3,"total_tokens":7}]}""");
    GatewayUsageSource usage = new GatewayUsageSource(gateway.url(), GatewayStandIn.ADMIN_KEY, Duration.ofMinutes(1));

    assertThat(usage.teamTokens("ns/research", TODAY)).contains(new TeamTokens(15, 115));
    assertThat(usage.teamTokens("ns/design", TODAY)).contains(new TeamTokens(0, 7));
    assertThat(usage.teamTokens("ns/idle", TODAY)).contains(new TeamTokens(0, 0));
    assertThat(gateway.requests()).singleElement()
        .isEqualTo(URI.create(EXPORT + "?from=2026-12-01&to=2026-12-04&group=team&format=json"));

    // A new day is a new question, even within the period.
    usage.teamTokens("ns/research", TODAY.plusDays(1));
    assertThat(gateway.requests()).hasSize(2).last()
        .isEqualTo(URI.create(EXPORT + "?from=2026-12-01&to=2026-12-05&group=team&format=json"));
  }

  @Test
  void unknownWhileTheGatewayCannotAnswerAndAskedAgainOnlyAfterThePeriod() throws InterruptedException {
    GatewayUsageSource usage = new GatewayUsageSource(gateway.url(), GatewayStandIn.ADMIN_KEY, Duration.ofMillis(300));

    assertThat(usage.tokensToday("a/kim")).isEmpty();
    assertThat(usage.teamTokens("ns/research", TODAY)).isEmpty();
    gateway.answer("/admin/top-users", "{\"users\":[{\"user\":\"a/kim\",\"total_tokens\":5}]}");
    assertThat(usage.tokensToday("a/kim")).as("the failure is kept for the period").isEmpty();
    assertThat(gateway.requests()).hasSize(2);

    Thread.sleep(400);
    assertThat(usage.tokensToday("a/kim")).hasValue(5);
    assertThat(new GatewayUsageSource(gateway.url(), "wrong-key", Duration.ZERO).tokensToday("a/kim"))
        .isEqualTo(OptionalLong.empty());
  }
}
