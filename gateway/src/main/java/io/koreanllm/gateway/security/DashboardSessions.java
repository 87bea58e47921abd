package io.koreanllm.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.http.HttpCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * Dashboard logins: after the admin key was typed once, a cookie {@code <expiry>.<signature>} stands for it in the
 * browser, so the key itself is never stored there. The signature is an HMAC under a secret derived from the admin
 * key, so every replica accepts every replica's cookies with no shared state, and changing the admin key ends every
 * session. The cookie opens only routes that change nothing (GET, and the token calculator's POST); anything that
 * changes state still needs the key itself.
 */
@Component
public class DashboardSessions {

  public static final String COOKIE = "koreanllm_dashboard";

  private final byte[] secret;
  private final Duration lifetime;
  private final Clock clock;

  public DashboardSessions(SecurityProperties properties, Clock clock) {
    String adminKey = properties.adminKey();
    this.secret = adminKey == null || adminKey.isBlank() ? null
        : hmac(adminKey.getBytes(StandardCharsets.UTF_8), "koreanllm dashboard session v1");
    this.lifetime = properties.dashboardSession();
    this.clock = clock;
  }

  public Duration lifetime() {
    return lifetime;
  }

  /** A new session's cookie value; only after the admin key was checked. */
  public String issue() {
    if (secret == null) {
      throw new IllegalStateException("no admin key is configured");
    }
    long expires = clock.instant().plus(lifetime).getEpochSecond();
    return expires + "." + signature(expires);
  }

  /** Whether the request carries a valid, unexpired login cookie. */
  public boolean isLoggedIn(ServerHttpRequest request) {
    HttpCookie cookie = request.getCookies().getFirst(COOKIE);
    return cookie != null && isValid(cookie.getValue());
  }

  boolean isValid(String cookie) {
    if (secret == null || cookie == null) {
      return false;
    }
    int dot = cookie.indexOf('.');
    if (dot <= 0) {
      return false;
    }
    long expires;
    try {
      expires = Long.parseLong(cookie.substring(0, dot));
    } catch (NumberFormatException e) {
      return false;
    }
    byte[] given = cookie.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
    byte[] expected = signature(expires).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(given, expected) && clock.instant().getEpochSecond() < expires;
  }

  private String signature(long expires) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(
        hmac(secret, Long.toString(expires)));
  }

  private static byte[] hmac(byte[] key, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
