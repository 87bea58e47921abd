package io.koreanllm.gateway.security;

import io.koreanllm.gateway.http.ApiError;
import io.koreanllm.gateway.http.ApiErrorWriter;
import io.koreanllm.gateway.observe.RequestEvents;
import io.koreanllm.gateway.observe.RequestOutcome;
import io.koreanllm.gateway.observe.RequestTrace;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * How the security chain answers a refusal: with the OpenAI-style error it carries (401 without a credential).
 * A refused call to a model route is also recorded as a refusal, as every refusal of a model request is.
 */
@Component
class SecurityErrors implements ServerAuthenticationEntryPoint, ServerAuthenticationFailureHandler,
    ServerAccessDeniedHandler {

  private final ApiErrorWriter writer;
  private final RequestEvents events;

  SecurityErrors(ApiErrorWriter writer, RequestEvents events) {
    this.writer = writer;
    this.events = events;
  }

  /** No credential on a route that needs one. */
  @Override
  public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException e) {
    return refuse(exchange, CallerAuthenticator.missingKey());
  }

  /** A credential that is wrong. */
  @Override
  public Mono<Void> onAuthenticationFailure(WebFilterExchange filterExchange, AuthenticationException e) {
    ApiError error = e instanceof Refusal.BadCredential bad ? bad.error() : CallerAuthenticator.missingKey();
    return refuse(filterExchange.getExchange(), error);
  }

  /** A known caller on a route that is not theirs. */
  @Override
  public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
    ApiError error = denied instanceof Refusal.NotAllowed notAllowed ? notAllowed.error()
        : ApiError.forbidden("forbidden", "You may not call this route. / 이 경로를 호출할 권한이 없습니다.");
    return refuse(exchange, error);
  }

  private Mono<Void> refuse(ServerWebExchange exchange, ApiError error) {
    if (RouteAccess.of(exchange) == RouteAccess.Access.USER) {
      events.publish(new RequestTrace().refused(error.code(), error.status().value(), RequestOutcome.REFUSED));
    }
    return writer.write(exchange.getResponse(), error);
  }
}
