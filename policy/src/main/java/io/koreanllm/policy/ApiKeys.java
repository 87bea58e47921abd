package io.koreanllm.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** How the policy refers to API keys without holding them: by SHA-256 for lookup, by a display id for people. */
public final class ApiKeys {

  private ApiKeys() {
  }

  /** Lower-case hex SHA-256 of the key's UTF-8 bytes; what the policy stores and the gateway looks up. */
  public static String sha256Hex(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /**
   * A short, recognisable and non-secret name for a key: {@code sk-user1…def} (first 8 and last 3
   * characters); a key shorter than 12 characters shows only its first 3, so most of it stays hidden.
   */
  public static String displayId(String key) {
    if (key.length() >= 12) {
      return key.substring(0, 8) + "…" + key.substring(key.length() - 3);
    }
    return key.substring(0, Math.min(3, key.length())) + "…";
  }

  /** Compares two secrets in time that does not depend on where they first differ. */
  public static boolean constantTimeEquals(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
