package io.koreanllm.gateway.quota.redis;

import java.util.List;

/**
 * The keys of one user. All carry the user's name as the hash tag, so every key a script touches lives in one
 * Redis Cluster slot and each admission and settlement is one script on one node.
 */
record RedisKeys(String requests, String minuteTokens, String hourTokens, String dayTokens, String cooldown,
    String inFlight, String ledger, String events, String settled) {

  /** Every user ever seen: the only key outside a user's slot, written once per user and process. */
  static final String USERS = "kl:users";

  static RedisKeys of(String user) {
    // Braces would end the hash tag early; a policy name may hold them, a key must not.
    String tag = "kl:{" + user.replace("{", "%7B").replace("}", "%7D") + "}:";
    return new RedisKeys(tag + "req", tag + "tok", tag + "tokh", tag + "day", tag + "cool", tag + "fly",
        tag + "ledger", tag + "events", tag + "settled");
  }

  List<String> admission() {
    return List.of(requests, minuteTokens, hourTokens, dayTokens, cooldown, inFlight);
  }

  List<String> settlement() {
    return List.of(minuteTokens, hourTokens, dayTokens, inFlight, ledger, events, requests, settled);
  }

  /** What a reset forgets: the recent-events list stays, as the embedded ledger keeps its events. */
  List<String> usage() {
    return List.of(requests, minuteTokens, hourTokens, dayTokens, cooldown, inFlight, ledger);
  }
}
