package io.koreanllm.gateway.security;

import io.koreanllm.gateway.http.ApiError;
import io.koreanllm.gateway.policy.PolicyHolder;
import io.koreanllm.policy.UserPolicy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * Who may call which route, declared once: the table below is the only place a route's credential is decided, and
 * RouteGuardTest holds every route the application maps against it. A route not in the table needs some caller.
 */
@Component
public class RouteAccess implements ReactiveAuthorizationManager<AuthorizationContext> {

  /** What a route asks of its caller. */
  public enum Access {
    /** No credential. */
    ANYONE,
    /** A user's API key: the model routes, which spend a user's tokens. */
    USER,
    /** Any caller: a user's key, the admin key, or a dashboard login. */
    ANY_CALLER,
    /** The admin key, or a dashboard login (reading only). */
    ADMIN_OR_DASHBOARD,
    /** The admin key itself: routes that change state. */
    ADMIN,
    /** The admin key, a dashboard login, or the key of the user the route names. */
    ADMIN_DASHBOARD_OR_NAMED_USER
  }

  public record Rule(HttpMethod method, String pattern, Access access) {
  }

  private static final PathPatternParser PARSER = PathPatternParser.defaultInstance;

  /** First match wins. */
  public static final List<Rule> RULES = List.of(
      new Rule(HttpMethod.GET, "/health", Access.ANYONE),
      new Rule(HttpMethod.GET, "/actuator/**", Access.ANYONE),
      new Rule(HttpMethod.GET, "/dashboard", Access.ANYONE),
      new Rule(HttpMethod.GET, "/dashboard/", Access.ANYONE),
      new Rule(HttpMethod.GET, "/dashboard/login", Access.ANYONE),
      new Rule(HttpMethod.POST, "/dashboard/login", Access.ANYONE),
      new Rule(HttpMethod.POST, "/dashboard/logout", Access.ANYONE),
      new Rule(HttpMethod.GET, "/dashboard/assets/**", Access.ANYONE),
      new Rule(HttpMethod.GET, "/webjars/**", Access.ANYONE),
      new Rule(HttpMethod.POST, "/v1/chat/completions", Access.USER),
      new Rule(HttpMethod.POST, "/v1/completions", Access.USER),
      new Rule(HttpMethod.POST, "/v1/embeddings", Access.USER),
      new Rule(HttpMethod.GET, "/v1/models", Access.ANY_CALLER),
      new Rule(HttpMethod.GET, "/v1/models/**", Access.ANY_CALLER),
      new Rule(HttpMethod.GET, "/token-info", Access.ANY_CALLER),
      new Rule(HttpMethod.POST, "/token-info", Access.ANY_CALLER),
      new Rule(HttpMethod.GET, "/stats/{user}", Access.ADMIN_DASHBOARD_OR_NAMED_USER),
      new Rule(HttpMethod.GET, "/stats/{namespace}/{name}", Access.ADMIN_DASHBOARD_OR_NAMED_USER),
      new Rule(HttpMethod.GET, "/admin/**", Access.ADMIN_OR_DASHBOARD),
      new Rule(null, "/admin/**", Access.ADMIN));

  private record Compiled(Rule rule, PathPattern pattern) {
  }

  private static final List<Compiled> COMPILED = RULES.stream()
      .map(rule -> new Compiled(rule, PARSER.parse(rule.pattern()))).toList();

  private final PolicyHolder policies;

  RouteAccess(PolicyHolder policies) {
    this.policies = policies;
  }

  /** The access a request needs. */
  public static Access of(HttpMethod method, String path) {
    return match(method, path).map(compiled -> compiled.rule().access()).orElse(Access.ANY_CALLER);
  }

  static Access of(ServerWebExchange exchange) {
    return of(exchange.getRequest().getMethod(), exchange.getRequest().getPath().pathWithinApplication().value());
  }

  @Override
  public Mono<AuthorizationResult> authorize(Mono<Authentication> authentication, AuthorizationContext context) {
    ServerWebExchange exchange = context.getExchange();
    String path = exchange.getRequest().getPath().pathWithinApplication().value();
    Optional<Compiled> rule = match(exchange.getRequest().getMethod(), path);
    Access access = rule.map(compiled -> compiled.rule().access()).orElse(Access.ANY_CALLER);
    if (access == Access.ANYONE) {
      return Mono.just(new AuthorizationDecision(true));
    }
    Map<String, String> variables = rule.map(compiled -> compiled.pattern()
        .matchAndExtract(PathContainer.parsePath(path)).getUriVariables()).orElse(Map.of());
    return authentication
        .map(auth -> (Caller) auth.getPrincipal())
        .<AuthorizationResult>flatMap(caller -> allow(access, caller, variables))
        .defaultIfEmpty(new AuthorizationDecision(false)); // anonymous: answered with 401 missing_api_key
  }

  private Mono<AuthorizationResult> allow(Access access, Caller caller, Map<String, String> variables) {
    ApiError refusal = refusal(access, caller, variables);
    return refusal == null ? Mono.just(new AuthorizationDecision(true)) : Mono.error(new Refusal.NotAllowed(refusal));
  }

  /** Null when the caller may call the route; else what it is told. */
  private ApiError refusal(Access access, Caller caller, Map<String, String> variables) {
    boolean session = caller instanceof Caller.DashboardSession;
    boolean admin = caller instanceof Caller.Admin;
    switch (access) {
      case USER:
        if (admin) {
          return ApiError.unauthorized("invalid_api_key",
              "The admin key cannot call models; use a user's API key. / 관리자 키로는 모델을 호출할 수 없습니다.");
        }
        return session ? CallerAuthenticator.missingKey() : null;
      case ADMIN:
        if (session) {
          return CallerAuthenticator.missingKey(); // a login reads; changes need the key itself
        }
        return admin ? null : adminRequired();
      case ADMIN_OR_DASHBOARD:
        return admin || session ? null : adminRequired();
      case ADMIN_DASHBOARD_OR_NAMED_USER:
        return admin || session || isNamedUser((Caller.User) caller, namedUser(variables)) ? null
            : ApiError.forbidden("not_your_stats",
                "A user's key shows only that user's stats. / 본인의 통계만 조회할 수 있습니다.");
      default:
        return null;
    }
  }

  /** The user a route names: {@code {user}}, or {@code {namespace}/{name}} for the operator's namespaced users. */
  public static String namedUser(Map<String, String> variables) {
    String user = variables.get("user");
    return user != null ? user : variables.get("namespace") + "/" + variables.get("name");
  }

  /** Whether the route names the caller (by name or display name); an unknown name is the route's to refuse. */
  private boolean isNamedUser(Caller.User caller, String named) {
    Optional<UserPolicy> target = policies.current().user(named);
    return target.isEmpty() || target.get().name().equals(caller.policy().name());
  }

  private static ApiError adminRequired() {
    return ApiError.forbidden("admin_required", "This route needs the admin key. / 관리자 키가 필요합니다.");
  }

  private static Optional<Compiled> match(HttpMethod method, String path) {
    PathContainer container = PathContainer.parsePath(path);
    return COMPILED.stream()
        .filter(compiled -> compiled.rule().method() == null || compiled.rule().method().equals(method))
        .filter(compiled -> compiled.pattern().matches(container))
        .findFirst();
  }
}
