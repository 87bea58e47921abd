package io.koreanllm.gateway.security;

import io.koreanllm.gateway.http.ApiError;
import io.koreanllm.policy.UserPolicy;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The security chain's decision for the model routes, for when they are served outside it (straight on Reactor
 * Netty, {@code proxy.DirectModelRoutes}): the caller found by {@link CallerAuthenticator} and held to
 * {@link RouteAccess}'s rule for the model routes, refused with the same errors the chain gives.
 */
@Component
public class ModelRouteGuard {

  private final CallerAuthenticator authenticator;

  ModelRouteGuard(CallerAuthenticator authenticator) {
    this.authenticator = authenticator;
  }

  /** The user whose key the request carries, or an {@link ApiError} (401, 403, 400) saying why not. */
  public Mono<UserPolicy> user(ServerHttpRequest request) {
    return Mono.fromSupplier(() -> {
      Caller caller;
      try {
        caller = authenticator.callerOf(request);
      } catch (Refusal.BadCredential bad) {
        throw bad.error();
      }
      ApiError refusal = caller == null ? CallerAuthenticator.missingKey() : RouteAccess.userRouteRefusal(caller);
      if (refusal != null) {
        throw refusal;
      }
      return ((Caller.User) caller).policy();
    });
  }
}
