package io.koreanllm.gateway.proxy;

import io.koreanllm.gateway.http.OpenAiErrorHandler;
import io.koreanllm.gateway.openai.Endpoint;
import io.koreanllm.gateway.security.ModelRouteGuard;
import java.util.Optional;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * Serves the model routes — the routes that carry the traffic — straight on Reactor Netty, ahead of WebFlux: no
 * filter chain, no security chain, no handler mapping or argument resolution (together a quarter of the time the
 * gateway added to a request, docs/benchmarks.md). What those layers decided for these routes is decided by the same
 * owners: the caller by {@link ModelRouteGuard} (the security chain's checks and errors), an unexpected error by
 * {@link OpenAiErrorHandler}. Any other request, and a model route's path written any other way (a trailing slash,
 * percent-encoding), goes on to WebFlux as before.
 *
 * <p>Off when an operator turns Spring's HTTP observations on: they live in WebFlux, which then serves these routes
 * through {@link ModelRequestHandler}'s mappings behind the security chain.
 */
@Component
@ConditionalOnProperty(name = "management.observations.enable.http.server.requests", havingValue = "false",
    matchIfMissing = true)
class DirectModelRoutes implements NettyRouteProvider {

  private final ModelRequestHandler handler;
  private final ModelRouteGuard guard;
  private final OpenAiErrorHandler errors;
  private final ReactorHttpHandlerAdapter adapter = new ReactorHttpHandlerAdapter(this::serve);

  DirectModelRoutes(ModelRequestHandler handler, ModelRouteGuard guard, OpenAiErrorHandler errors) {
    this.handler = handler;
    this.guard = guard;
    this.errors = errors;
  }

  @Override
  public HttpServerRoutes apply(HttpServerRoutes routes) {
    return routes.route(request -> endpoint(request.method().name(), request.uri()).isPresent(), adapter);
  }

  /** The model route a request line names, exactly as WebFlux would match it: a POST to one of the paths as is. */
  static Optional<Endpoint> endpoint(String method, String uri) {
    if (!"POST".equals(method)) {
      return Optional.empty();
    }
    int end = uri.indexOf('?');
    String path = end < 0 ? uri : uri.substring(0, end);
    for (Endpoint endpoint : Endpoint.values()) {
      if (endpoint.path().equals(path)) {
        return Optional.of(endpoint);
      }
    }
    return Optional.empty();
  }

  private Mono<Void> serve(ServerHttpRequest request, ServerHttpResponse response) {
    Endpoint endpoint = Endpoint.ofPath(request.getPath().value());
    // As WebFlux's own adapter ends an exchange: an error nobody answered gets its answer, then the response is
    // completed (a no-op when the handler has written it).
    return handler.handle(request, response, endpoint, guard.user(request))
        .onErrorResume(error -> errors.handle(request, response, error))
        .then(Mono.defer(response::setComplete));
  }
}
