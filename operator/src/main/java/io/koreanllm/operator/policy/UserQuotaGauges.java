package io.koreanllm.operator.policy;

import io.koreanllm.operator.api.KoreanLlmUser;
import io.koreanllm.policy.Policy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Each user's tokens today next to their daily limit, at the operator's {@code /metrics}, so that Prometheus can
 * warn before a user runs out ({@code koreanllm_user_tokens_today / koreanllm_user_daily_limit_tokens}). Usage
 * today comes from the users' status (the gateway's count, refreshed once a minute); a user without a known usage,
 * or without a daily limit, has no row. Users and their namespaces are bounded by the cluster, and so are labels.
 */
public final class UserQuotaGauges {

  private final MultiGauge usedToday;
  private final MultiGauge dailyLimit;

  public UserQuotaGauges(MeterRegistry registry) {
    usedToday = MultiGauge.builder("koreanllm.user.tokens.today")
        .description("Tokens the user spent today (the policy's calendar day), as the gateway last reported it")
        .register(registry);
    dailyLimit = MultiGauge.builder("koreanllm.user.daily.limit.tokens")
        .description("The user's daily token limit, with the cluster-wide default for one the user does not set")
        .register(registry);
  }

  /** The rows for these users, as the compiled {@code policy} limits them; rows of users gone are dropped. */
  public void update(Policy policy, Collection<KoreanLlmUser> users) {
    List<MultiGauge.Row<?>> used = new ArrayList<>();
    List<MultiGauge.Row<?>> limits = new ArrayList<>();
    for (KoreanLlmUser user : users) {
      policy.user(PolicyEntries.policyName(user)).ifPresent(entry -> {
        Tags tags = Tags.of("namespace", user.getMetadata().getNamespace(), "user", user.getMetadata().getName());
        long tpd = policy.limitsOf(entry).tpd();
        if (tpd > 0) {
          limits.add(MultiGauge.Row.of(tags, tpd));
        }
        if (user.getStatus() != null && user.getStatus().usageToday != null) {
          used.add(MultiGauge.Row.of(tags, user.getStatus().usageToday));
        }
      });
    }
    usedToday.register(used, true);
    dailyLimit.register(limits, true);
  }
}
