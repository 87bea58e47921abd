package io.koreanllm.gateway.auth;

import io.koreanllm.gateway.config.GatewayProperties;
import io.koreanllm.gateway.openai.ApiError;
import io.koreanllm.gateway.policy.PolicyHolder;
import io.koreanllm.policy.ApiKeys;
import io.koreanllm.policy.Policy;
import io.koreanllm.policy.UserPolicy;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * Finds the caller from {@code Authorization: Bearer <key>}, or, for a reading (GET) request without one, from a
 * dashboard login's cookie ({@link DashboardSessions}). Only SHA-256 hashes of keys are held; the key itself is
 * hashed and dropped here, and never logged or echoed.
 */
@Component
public class ApiKeyAuthenticator {

  /** Query parameters that would put a key into access logs and browser history. */
  private static final Set<String> KEY_PARAMETERS = Set.of("api_key", "api-key", "apikey", "key", "access_token",
      "token");

  private static final String TOKEN_INFO = "/token-info";

  private final PolicyHolder policies;
  private final DashboardSessions sessions;
  private final String adminKeyHash;

  public ApiKeyAuthenticator(PolicyHolder policies, DashboardSessions sessions, GatewayProperties properties) {
    this.policies = policies;
    this.sessions = sessions;
    String adminKey = properties.adminKey();
    this.adminKeyHash = adminKey == null || adminKey.isBlank() ? null : ApiKeys.sha256Hex(adminKey);
  }

  /** The user behind the request's key: 401 without a known key, 403 when suspended. */
  public UserPolicy user(ServerHttpRequest request) {
    Caller caller = caller(request);
    if (caller instanceof Caller.User user) {
      return user.policy();
    }
    throw ApiError.unauthorized("invalid_api_key",
        "The admin key cannot call models; use a user's API key. / 관리자 키로는 모델을 호출할 수 없습니다.");
  }

  /** The administrator, or 401/403. */
  public void requireAdmin(ServerHttpRequest request) {
    if (!(caller(request) instanceof Caller.Admin)) {
      throw ApiError.forbidden("admin_required", "This route needs the admin key. / 관리자 키가 필요합니다.");
    }
  }

  public Caller caller(ServerHttpRequest request) {
    refuseKeyInQuery(request);
    if (hasDashboardSession(request) && request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION) == null) {
      return new Caller.Admin();
    }
    String hash = ApiKeys.sha256Hex(bearerKey(request));
    if (adminKeyHash != null && ApiKeys.constantTimeEquals(hash, adminKeyHash)) {
      return new Caller.Admin();
    }
    Policy policy = policies.current();
    Optional<UserPolicy> user = policy.userByKeyHash(hash);
    if (user.isEmpty()) {
      throw ApiError.unauthorized("invalid_api_key", "Incorrect API key provided. / API 키가 올바르지 않습니다.");
    }
    if (user.get().suspended()) {
      throw ApiError.forbidden("user_suspended",
          "This user is suspended. / 이 사용자는 사용이 중지되었습니다.");
    }
    return new Caller.User(user.get());
  }

  /** Whether {@code key} is the admin key; compared in constant time. */
  public boolean isAdminKey(String key) {
    return adminKeyHash != null && key != null && ApiKeys.constantTimeEquals(ApiKeys.sha256Hex(key), adminKeyHash);
  }

  /**
   * A request from a browser logged in to the dashboard to a route that changes nothing: any GET, and the token
   * calculator's POST (a long text does not fit in a URL). The cookie opens nothing that changes state.
   */
  public boolean hasDashboardSession(ServerHttpRequest request) {
    boolean changesNothing = request.getMethod() == HttpMethod.GET
        || request.getMethod() == HttpMethod.POST && TOKEN_INFO.equals(request.getPath().value());
    if (!changesNothing) {
      return false;
    }
    HttpCookie cookie = request.getCookies().getFirst(DashboardSessions.COOKIE);
    return cookie != null && sessions.isValid(cookie.getValue());
  }

  private static String bearerKey(ServerHttpRequest request) {
    String header = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (header == null || header.isBlank()) {
      throw ApiError.unauthorized("missing_api_key",
          "No API key provided; send 'Authorization: Bearer <key>'. / API 키가 없습니다.");
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
      throw ApiError.unauthorized("invalid_authorization",
          "The Authorization header must be 'Bearer <key>'. / Authorization 헤더 형식이 잘못되었습니다.");
    }
    return header.substring(7).trim();
  }

  private static void refuseKeyInQuery(ServerHttpRequest request) {
    for (String name : request.getQueryParams().keySet()) {
      if (KEY_PARAMETERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        throw ApiError.invalidRequest("key_in_query", name,
            "API keys are not accepted in the query string; send 'Authorization: Bearer <key>'. "
                + "/ API 키는 쿼리 문자열로 보낼 수 없습니다.");
      }
    }
  }
}
