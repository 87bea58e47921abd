package io.koreanllm.gateway.quota;

import io.koreanllm.policy.EffectiveLimits;

/** The limits a request must fit in one scope. */
public record ScopedLimits(QuotaScope scope, EffectiveLimits limits) {
}
