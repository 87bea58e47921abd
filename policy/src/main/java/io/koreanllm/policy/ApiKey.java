package io.koreanllm.policy;

/**
 * An API key as the policy holds it: never the key itself.
 *
 * @param id     display id such as {@code sk-user1…def} ({@link ApiKeys#displayId}), for logs and status
 * @param sha256 lower-case hex SHA-256 of the key ({@link ApiKeys#sha256Hex}), for authentication
 */
public record ApiKey(String id, String sha256) {

  public ApiKey {
    Rules.check("id", Rules.notBlank(id));
    Rules.check("sha256", Rules.sha256Hex(sha256));
  }

  /** Hashes a plain key; the returned value keeps nothing from which the key could be recovered. */
  public static ApiKey fromPlainKey(String key) {
    Rules.check("key", Rules.plainKey(key));
    return new ApiKey(ApiKeys.displayId(key), ApiKeys.sha256Hex(key));
  }
}
