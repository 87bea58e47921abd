package io.koreanllm.gateway.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * An authenticated {@link Caller}: the principal the routes see (their {@code @AuthenticationPrincipal}). It has no
 * authorities: {@link RouteAccess} decides from the caller itself.
 */
final class CallerAuthentication extends AbstractAuthenticationToken {

  private final Caller caller;

  CallerAuthentication(Caller caller) {
    super(List.of());
    this.caller = caller;
    setAuthenticated(true);
  }

  @Override
  public Object getCredentials() {
    return null; // the key was hashed and dropped when the caller was found
  }

  @Override
  public Caller getPrincipal() {
    return caller;
  }
}
