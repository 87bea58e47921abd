package io.koreanllm.gateway.usage;

/**
 * Where Redis keeps usage. A user without a team has every key under the hash tag {@code {u:<user>}}; a team and its
 * members share the tag {@code {t:<team>}}, so one script on one Redis Cluster node checks and counts a member's and
 * the team's limits together. A member's ledger stays with the team it was charged to: after a move it is history.
 *
 * @param ledger hash: {@code "<day>|r|p|c"} → requests, prompt and completion tokens of the quota day (epoch day),
 *               and {@code "<day>|<model>|r|p|c"} the same per model
 * @param events list: the latest settled requests of the tag's users, newest first
 */
public record RedisLedgerKeys(String ledger, String events) {

  /** Every ledger ever written ({@link Owner#member}): the only usage key outside the tags, added once per process. */
  public static final String LEDGERS = "kl:ledgers";

  public static RedisLedgerKeys of(String user, String team) {
    String tag = holderTag(user, team);
    return new RedisLedgerKeys(tag + "ledger:" + part(user), tag + "events");
  }

  /** The hash tag of a user's quota state: their team's, or their own without one. */
  public static String holderTag(String user, String team) {
    return team == null ? tag("u:" + part(user)) : tag("t:" + part(team));
  }

  /** {@code kl:{id}:}; the id's own braces are escaped, since they would end the hash tag early. */
  public static String tag(String id) {
    return "kl:{" + id.replace("{", "%7B").replace("}", "%7D") + "}:";
  }

  /** A name as part of a key: its own separators escaped, so no two names give the same key. */
  public static String part(String name) {
    return name.replace("%", "%25").replace(":", "%3A");
  }

  /** The user of a ledger and the team it is charged to (null: none); {@link #LEDGERS} lists them as members. */
  public record Owner(String user, String team) {

    /** The member naming this ledger: the team (empty when none), a tab, the user; names hold no control characters. */
    public String member() {
      return (team == null ? "" : team) + "\t" + user;
    }

    public static Owner of(String member) {
      int tab = member.indexOf('\t');
      return new Owner(member.substring(tab + 1), tab == 0 ? null : member.substring(0, tab));
    }

    public RedisLedgerKeys keys() {
      return RedisLedgerKeys.of(user, team);
    }
  }

  /** A number as a Redis reply or a script gives it: a Long, or its decimal text; absent is 0. */
  public static long number(Object value) {
    if (value == null) {
      return 0;
    }
    return value instanceof Number number ? number.longValue() : Long.parseLong(value.toString());
  }
}
