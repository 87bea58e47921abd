package io.koreanllm.gateway.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;

/**
 * The one security chain: every request's caller is found by {@link CallerAuthenticator} (routes open to anyone
 * skip it) and every route's access is decided by {@link RouteAccess}. Stateless: a key is checked on every request,
 * nothing is kept between requests but the dashboard's signed cookie. No CSRF tokens (the API takes keys in a
 * header; the dashboard's cookie is SameSite=Strict and opens no route that changes state) and no headers written
 * here (the dashboard sets its own).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

  @Bean
  SecurityWebFilterChain securityChain(ServerHttpSecurity http, CallerAuthenticator authenticator,
      RouteAccess access, SecurityErrors errors) {
    AuthenticationWebFilter authentication = new AuthenticationWebFilter(authenticator);
    authentication.setServerAuthenticationConverter(authenticator);
    authentication.setAuthenticationFailureHandler(errors);
    authentication.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
    authentication.setRequiresAuthenticationMatcher(exchange -> RouteAccess.of(exchange) == RouteAccess.Access.ANYONE
        ? ServerWebExchangeMatcher.MatchResult.notMatch() : ServerWebExchangeMatcher.MatchResult.match());
    return http
        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
        .csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .headers(ServerHttpSecurity.HeaderSpec::disable)
        .requestCache(cache -> cache.disable())
        .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
        .addFilterAt(authentication, SecurityWebFiltersOrder.AUTHENTICATION)
        .authorizeExchange(routes -> routes.anyExchange().access(access))
        .exceptionHandling(handling -> handling.authenticationEntryPoint(errors).accessDeniedHandler(errors))
        .build();
  }
}
