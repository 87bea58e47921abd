package io.koreanllm.gateway.quota;

import io.koreanllm.policy.EffectiveLimits;
import java.time.ZoneId;
import java.util.List;

/**
 * A request asking to be admitted: who, under which limits, and how many tokens to hold for it.
 *
 * @param scopes every scope the request counts in, the user's own first ({@link QuotaScopes#of})
 */
public record AdmissionRequest(String requestId, QuotaHolder holder, String model, List<ScopedLimits> scopes,
    long promptTokens, long reservedTokens, ZoneId dailyResetZone) {

  public AdmissionRequest {
    scopes = List.copyOf(scopes);
    if (scopes.isEmpty() || !scopes.get(0).scope().equals(QuotaScope.user(holder.user()))) {
      throw new IllegalArgumentException("the user's own scope comes first: " + scopes);
    }
  }

  public String user() {
    return holder.user();
  }

  /** The user's own limits: their cooldown and per-request limits are the user's alone. */
  public EffectiveLimits limits() {
    return scopes.get(0).limits();
  }

  /** The same request under other limits, scope by scope (a replica's share while Redis is away). */
  public AdmissionRequest withScopes(List<ScopedLimits> others) {
    return new AdmissionRequest(requestId, holder, model, others, promptTokens, reservedTokens, dailyResetZone);
  }
}
