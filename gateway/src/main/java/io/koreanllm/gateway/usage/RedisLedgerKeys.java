package io.koreanllm.gateway.usage;

/**
 * Where Redis keeps one user's usage record. Every key of a user, the quota store's included, starts with the
 * user's hash tag ({@link #tag}), so each script touching them runs on one Redis Cluster node.
 *
 * @param ledger hash: {@code "<day>:r|p|c"} → requests, prompt and completion tokens of that quota day
 * @param events list: the user's latest settled requests, newest first
 */
public record RedisLedgerKeys(String ledger, String events) {

  /** Every user ever seen: the only key outside a user's slot, written once per user and process. */
  public static final String USERS = "kl:users";

  public static RedisLedgerKeys of(String user) {
    String tag = tag(user);
    return new RedisLedgerKeys(tag + "ledger", tag + "events");
  }

  /** {@code kl:{user}:}: braces would end the hash tag early, so a name's own braces are escaped. */
  public static String tag(String user) {
    return "kl:{" + user.replace("{", "%7B").replace("}", "%7D") + "}:";
  }

  /** A number as a Redis reply or a script gives it: a Long, or its decimal text; absent is 0. */
  public static long number(Object value) {
    if (value == null) {
      return 0;
    }
    return value instanceof Number number ? number.longValue() : Long.parseLong(value.toString());
  }
}
