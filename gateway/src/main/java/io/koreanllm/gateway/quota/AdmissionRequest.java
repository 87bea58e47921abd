package io.koreanllm.gateway.quota;

import io.koreanllm.policy.EffectiveLimits;
import java.time.ZoneId;

/** A request asking to be admitted: who, under which limits, and how many tokens to hold for it. */
public record AdmissionRequest(String requestId, String user, String model, EffectiveLimits limits,
    long promptTokens, long reservedTokens, ZoneId dailyResetZone) {
}
