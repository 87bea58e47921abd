package io.koreanllm.gateway.quota.redis;

import io.koreanllm.gateway.usage.RedisLedgerKeys;
import java.util.List;

/**
 * The keys of one user. All carry the user's name as the hash tag, so every key a script touches lives in one
 * Redis Cluster slot and each admission and settlement is one script on one node.
 */
record RedisKeys(String requests, String minuteTokens, String hourTokens, String dayTokens, String cooldown,
    String inFlight, String ledger, String events, String settled) {

  static RedisKeys of(String user) {
    String tag = RedisLedgerKeys.tag(user);
    RedisLedgerKeys ledger = RedisLedgerKeys.of(user);
    return new RedisKeys(tag + "req", tag + "tok", tag + "tokh", tag + "day", tag + "cool", tag + "fly",
        ledger.ledger(), ledger.events(), tag + "settled");
  }

  List<String> admission() {
    return List.of(requests, minuteTokens, hourTokens, dayTokens, cooldown, inFlight);
  }

  List<String> settlement() {
    return List.of(minuteTokens, hourTokens, dayTokens, inFlight, ledger, events, requests, settled);
  }

  List<String> release() {
    return List.of(minuteTokens, hourTokens, dayTokens, inFlight, requests, settled);
  }

  /** What a reset forgets: the recent-events list stays, as the embedded ledger keeps its events. */
  List<String> usage() {
    return List.of(requests, minuteTokens, hourTokens, dayTokens, cooldown, inFlight, ledger);
  }
}
