package io.koreanllm.gateway.dashboard;

import io.koreanllm.gateway.security.AdminKey;
import io.koreanllm.gateway.security.DashboardSessions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code /dashboard}: the page itself opens only to a browser logged in with the admin key (else it is sent to the
 * login page); its data comes from the admin routes, which the login's cookie opens for reading. The pages load
 * their scripts and styles from the gateway only, and the Content-Security-Policy forbids anything else.
 */
@RestController
public class DashboardController {

  /** Scripts, styles, data and forms from the gateway only; no inline script; never framed. */
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private static final String LOGIN = "/dashboard/login";

  private final AdminKey adminKey;
  private final DashboardSessions sessions;
  private final byte[] dashboardPage = page("dashboard/index.html");
  private final byte[] loginPage = page("dashboard/login.html");

  public DashboardController(AdminKey adminKey, DashboardSessions sessions) {
    this.adminKey = adminKey;
    this.sessions = sessions;
  }

  @GetMapping({"/dashboard", "/dashboard/"})
  public ResponseEntity<byte[]> dashboard(ServerHttpRequest request) {
    if (!sessions.isLoggedIn(request)) {
      return redirect(LOGIN).build();
    }
    return html(dashboardPage);
  }

  @GetMapping(LOGIN)
  public ResponseEntity<byte[]> loginPage() {
    return html(loginPage);
  }

  /** The login form posts the admin key; a wrong key goes back to the form with nothing set. */
  @PostMapping(path = LOGIN, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
  public Mono<ResponseEntity<Void>> login(ServerWebExchange exchange) {
    return exchange.getFormData().map(form -> {
      if (!adminKey.matches(form.getFirst("key"))) {
        return redirect(LOGIN + "?failed").build();
      }
      ResponseCookie cookie = cookie(exchange.getRequest(), sessions.issue())
          .maxAge(sessions.lifetime())
          .build();
      return redirect("/dashboard").header(HttpHeaders.SET_COOKIE, cookie.toString()).build();
    });
  }

  @PostMapping("/dashboard/logout")
  public ResponseEntity<Void> logout(ServerHttpRequest request) {
    ResponseCookie cleared = cookie(request, "").maxAge(0).build();
    return redirect(LOGIN).header(HttpHeaders.SET_COOKIE, cleared.toString()).build();
  }

  /** HttpOnly: scripts cannot read it; SameSite=Strict: no other site's page can send it; Secure behind TLS. */
  private static ResponseCookie.ResponseCookieBuilder cookie(ServerHttpRequest request, String value) {
    return ResponseCookie.from(DashboardSessions.COOKIE, value)
        .httpOnly(true)
        .sameSite("Strict")
        .secure("https".equals(request.getURI().getScheme()))
        .path("/");
  }

  private static ResponseEntity.BodyBuilder redirect(String location) {
    return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(location));
  }

  private static ResponseEntity<byte[]> html(byte[] page) {
    return ResponseEntity.ok()
        .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
        .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "no-referrer")
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .body(page);
  }

  private static byte[] page(String path) {
    try (InputStream in = new ClassPathResource(path).getInputStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("dashboard page missing from the jar: " + path, e);
    }
  }
}
