package io.koreanllm.operator.user;

import java.util.OptionalLong;

/**
 * Where a user's usage today comes from: the gateway's quota store, read in bulk by an implementation that
 * caches it (the reconciler asks at most about once a minute per user, and never writes per request).
 */
@FunctionalInterface
public interface UsageSource {

  /** Nothing known: status.usageToday stays unset. */
  UsageSource NONE = user -> OptionalLong.empty();

  /** Tokens the user spent in the policy's current day, when known. */
  OptionalLong tokensToday(String user);
}
