package io.koreanllm.gateway.openai;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;

import java.net.URI;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Points the proxied request at the backend {@link OpenAiProxyFilter} chose for the request's model. It must run
 * after {@link RouteToRequestUrlFilter}, which sets the URL from the route's placeholder URI.
 */
@Component
public class BackendUrlFilter implements GatewayFilter, Ordered {

  public static final int ORDER = RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 1;
  static final String BACKEND_URL_ATTR = BackendUrlFilter.class.getName() + ".backendUrl";

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    URI backend = exchange.getAttribute(BACKEND_URL_ATTR);
    if (backend != null) {
      exchange.getAttributes().put(GATEWAY_REQUEST_URL_ATTR, backend);
    }
    return chain.filter(exchange);
  }
}
