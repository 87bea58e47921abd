package io.koreanllm.operator.policy;

import io.koreanllm.operator.MockCluster;
import io.koreanllm.operator.Resources;
import io.koreanllm.operator.api.KoreanLlmUser;
import io.micrometer.core.instrument.Gauge;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The operator's metrics tell, per user, the tokens spent today and the daily limit they count against. */
class UserQuotaGaugesTest {

  private static final Map<String, Long> USED = Map.of("llm/user1", 950_000L, "llm/user2", 1_000L);

  @Test
  void eachUsersUsageTodayAndDailyLimitWithTheDefaultForOneNotSet() {
    try (MockCluster cluster = new MockCluster()) {
      cluster.startOperator(MockCluster.settings(false), Clock.systemUTC(),
          user -> USED.containsKey(user) ? OptionalLong.of(USED.get(user)) : OptionalLong.empty(), config -> { });
      cluster.client().resource(Resources.user("user1", "사용자1", 8000, List.of("*"))).create();
      KoreanLlmUser user2 = Resources.user("user2", "사용자2", 8000, List.of("*"));
      user2.getSpec().limits.tpd = null;
      cluster.client().resource(user2).create();
      KoreanLlmUser unlimited = Resources.user("user3", "사용자3", 8000, List.of("*"));
      unlimited.getSpec().limits.tpd = 0L;
      cluster.client().resource(unlimited).create();

      await().atMost(Duration.ofSeconds(15)).until(() -> value(cluster, "koreanllm.user.tokens.today", "user2") != null
          && value(cluster, "koreanllm.user.tokens.today", "user1") != null);
      assertThat(value(cluster, "koreanllm.user.tokens.today", "user1")).isEqualTo(950_000.0);
      assertThat(value(cluster, "koreanllm.user.daily.limit.tokens", "user1")).isEqualTo(1_000_000.0);
      assertThat(value(cluster, "koreanllm.user.tokens.today", "user2")).isEqualTo(1_000.0);
      assertThat(value(cluster, "koreanllm.user.daily.limit.tokens", "user2")).as("the default").isEqualTo(500_000.0);
      assertThat(value(cluster, "koreanllm.user.daily.limit.tokens", "user3")).as("0: no daily limit").isNull();
      assertThat(value(cluster, "koreanllm.user.tokens.today", "user3")).as("usage not known").isNull();

      cluster.client().resources(KoreanLlmUser.class).inNamespace(MockCluster.NAMESPACE).withName("user2").delete();
      await().atMost(Duration.ofSeconds(15))
          .until(() -> value(cluster, "koreanllm.user.daily.limit.tokens", "user2") == null);
    }
  }

  private static Double value(MockCluster cluster, String name, String user) {
    Gauge gauge = cluster.metrics().find(name).tags("namespace", MockCluster.NAMESPACE, "user", user).gauge();
    return gauge == null ? null : gauge.value();
  }
}
