package io.koreanllm.gateway.quota.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.koreanllm.policy.EffectiveLimits;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The replicas' shares of a limit add up to no more than what is left of it, and no share means "no limit". */
class LimitShareTest {

  @Property
  void sharesStayWithinTheLimitAndNeverUnlimited(@ForAll @IntRange(min = 0, max = 100_000) int rpm,
      @ForAll @IntRange(min = 0, max = 10_000_000) int tpm, @ForAll @LongRange(min = 0, max = 100_000_000) long tpd,
      @ForAll @LongRange(min = 0, max = 100_000_000) long usedToday, @ForAll @IntRange(min = 1, max = 50) int replicas,
      @ForAll @LongRange(min = 0, max = 1_000_000_000) long monthly,
      @ForAll @LongRange(min = 0, max = 1_000_000_000) long usedThisMonth) {
    EffectiveLimits limits = new EffectiveLimits(rpm, tpm, 0, tpd, 0, 0, 0, monthly);
    EffectiveLimits share = LimitShare.of(limits, replicas, usedToday, usedThisMonth);

    assertThat(share.rpm() == 0).isEqualTo(rpm == 0);
    assertThat(share.tpm() == 0).isEqualTo(tpm == 0);
    assertThat(share.tpd() == 0).isEqualTo(tpd == 0);
    if (rpm >= replicas) {
      assertThat((long) share.rpm() * replicas).isLessThanOrEqualTo(rpm);
    } else if (rpm > 0) {
      assertThat(share.rpm()).as("a limit smaller than the replicas: one each").isEqualTo(1);
    }
    if (tpd > 0 && tpd - usedToday >= replicas) {
      assertThat(share.tpd() * replicas).isLessThanOrEqualTo(tpd - usedToday);
    }
    assertThat(share.monthlyTokens() == 0).isEqualTo(monthly == 0);
    if (monthly > 0 && monthly - usedThisMonth >= replicas) {
      assertThat(share.monthlyTokens() * replicas).isLessThanOrEqualTo(monthly - usedThisMonth);
    }
  }
}
