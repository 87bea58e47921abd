package io.koreanllm.gateway.security;

import io.koreanllm.gateway.http.ApiError;
import io.koreanllm.gateway.policy.PolicyHolder;
import io.koreanllm.policy.ApiKeys;
import io.koreanllm.policy.UserPolicy;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Finds the caller of a request: from {@code Authorization: Bearer <key>} (the key is hashed and looked up among
 * the policy's key hashes and the admin key's, then dropped; never logged or echoed), or, without that header, from
 * a dashboard login's cookie ({@link DashboardSessions}). A request with neither is anonymous; a key in the query
 * string is refused, since it would end up in access logs and browser history.
 */
@Component
class CallerAuthenticator implements ServerAuthenticationConverter, ReactiveAuthenticationManager {

  private static final Set<String> KEY_PARAMETERS = Set.of("api_key", "api-key", "apikey", "key", "access_token",
      "token");

  private final PolicyHolder policies;
  private final DashboardSessions sessions;
  private final AdminKey adminKey;

  CallerAuthenticator(PolicyHolder policies, DashboardSessions sessions, AdminKey adminKey) {
    this.policies = policies;
    this.sessions = sessions;
    this.adminKey = adminKey;
  }

  /** A bearer key not yet checked. */
  private static final class BearerKey extends AbstractAuthenticationToken {

    private final String key;

    BearerKey(String key) {
      super(java.util.List.of());
      this.key = key;
    }

    @Override
    public Object getCredentials() {
      return key;
    }

    @Override
    public Object getPrincipal() {
      return null;
    }
  }

  @Override
  public Mono<Authentication> convert(ServerWebExchange exchange) {
    return Mono.fromSupplier(() -> credential(exchange.getRequest()));
  }

  private Authentication credential(ServerHttpRequest request) {
    refuseKeyInQuery(request);
    String header = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (header == null) {
      return sessions.isLoggedIn(request) ? new CallerAuthentication(new Caller.DashboardSession()) : null;
    }
    if (header.isBlank()) {
      throw new Refusal.BadCredential(missingKey());
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
      throw new Refusal.BadCredential(ApiError.unauthorized("invalid_authorization",
          "The Authorization header must be 'Bearer <key>'. / Authorization 헤더 형식이 잘못되었습니다."));
    }
    return new BearerKey(header.substring(7).trim());
  }

  @Override
  public Mono<Authentication> authenticate(Authentication authentication) {
    if (authentication instanceof CallerAuthentication known) {
      return Mono.just(known);
    }
    return Mono.fromSupplier(() -> new CallerAuthentication(caller((String) authentication.getCredentials())));
  }

  private Caller caller(String key) {
    String hash = ApiKeys.sha256Hex(key);
    if (adminKey.matchesHash(hash)) {
      return new Caller.Admin();
    }
    Optional<UserPolicy> user = policies.current().userByKeyHash(hash);
    if (user.isEmpty()) {
      throw new Refusal.BadCredential(ApiError.unauthorized("invalid_api_key",
          "Incorrect API key provided. / API 키가 올바르지 않습니다."));
    }
    if (user.get().suspended()) {
      throw new Refusal.BadCredential(ApiError.forbidden("user_suspended",
          "This user is suspended. / 이 사용자는 사용이 중지되었습니다.").notRetryable());
    }
    return new Caller.User(user.get());
  }

  static ApiError missingKey() {
    return ApiError.unauthorized("missing_api_key",
        "No API key provided; send 'Authorization: Bearer <key>'. / API 키가 없습니다.");
  }

  private static void refuseKeyInQuery(ServerHttpRequest request) {
    for (String name : request.getQueryParams().keySet()) {
      if (KEY_PARAMETERS.contains(name.toLowerCase(Locale.ROOT))) {
        throw new Refusal.BadCredential(ApiError.invalidRequest("key_in_query", name,
            "API keys are not accepted in the query string; send 'Authorization: Bearer <key>'. "
                + "/ API 키는 쿼리 문자열로 보낼 수 없습니다."));
      }
    }
  }
}
