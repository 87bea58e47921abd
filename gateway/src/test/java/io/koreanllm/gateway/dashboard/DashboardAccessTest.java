package io.koreanllm.gateway.dashboard;

import static io.koreanllm.gateway.support.Requests.USER1_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import io.koreanllm.gateway.security.DashboardSessions;
import io.koreanllm.gateway.support.GatewayStack;
import io.koreanllm.gateway.support.TestGateway;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * The dashboard opens only with the admin key: the page redirects to the login form without a session, the session
 * cookie is a signed expiry that never holds the key, and it opens reading routes only.
 */
class DashboardAccessTest {

  @RegisterExtension
  static final GatewayStack STACK = GatewayStack.withShippedUsers();

  private static WebTestClient client() {
    return STACK.gateway().client();
  }

  private static ResponseCookie login(String key) {
    var result = client().post().uri("/dashboard/login").contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .body(BodyInserters.fromFormData("key", key)).exchange()
        .expectStatus().isSeeOther()
        .returnResult(Void.class);
    return result.getResponseCookies().getFirst(DashboardSessions.COOKIE);
  }

  @Test
  void withoutASessionThePageSendsTheBrowserToTheLoginForm() {
    client().get().uri("/dashboard").exchange().expectStatus().isSeeOther()
        .expectHeader().location("/dashboard/login");
    client().get().uri("/dashboard/login").exchange().expectStatus().isOk()
        .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
        .expectBody(String.class).value(page -> assertThat(page).contains("action=\"/dashboard/login\""));
    // A user's key is not the admin key.
    client().get().uri("/dashboard").header(HttpHeaders.AUTHORIZATION, "Bearer " + USER1_KEY).exchange()
        .expectStatus().isSeeOther();
  }

  @Test
  void aWrongKeyGetsNoSession() {
    var result = client().post().uri("/dashboard/login").contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .body(BodyInserters.fromFormData("key", USER1_KEY)).exchange()
        .expectStatus().isSeeOther()
        .expectHeader().location("/dashboard/login?failed")
        .returnResult(Void.class);
    assertThat(result.getResponseCookies()).doesNotContainKey(DashboardSessions.COOKIE);
  }

  @Test
  void theAdminKeyOpensThePageWithAStrictCookieThatHoldsNoKey() {
    ResponseCookie cookie = login(TestGateway.ADMIN_KEY);

    assertThat(cookie.isHttpOnly()).isTrue();
    assertThat(cookie.getSameSite()).isEqualTo("Strict");
    assertThat(cookie.getValue()).doesNotContain(TestGateway.ADMIN_KEY).matches("\\d+\\.[A-Za-z0-9_-]{43}");
    client().get().uri("/dashboard").cookie(cookie.getName(), cookie.getValue()).exchange()
        .expectStatus().isOk()
        .expectHeader().valueEquals("Content-Security-Policy", DashboardController.CONTENT_SECURITY_POLICY)
        .expectBody(String.class).value(page -> assertThat(page)
            .contains("/webjars/chart.js/dist/chart.umd.min.js").doesNotContain("https://"));
  }

  @Test
  void theSessionOpensReadingRoutesOnly() {
    ResponseCookie cookie = login(TestGateway.ADMIN_KEY);

    for (String route : new String[] {"/admin/usage", "/admin/requests", "/admin/backends", "/admin/statistics",
        "/admin/top-users", "/token-info?text=%EC%95%88%EB%85%95&model=korean-qwen"}) {
      client().get().uri(route).cookie(cookie.getName(), cookie.getValue()).exchange().expectStatus().isOk();
    }
    // The token calculator posts its text, which may be too long for a URL; counting changes nothing.
    client().post().uri("/token-info").cookie(cookie.getName(), cookie.getValue())
        .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"text\": \"안녕하세요\", \"model\": \"korean-qwen\"}")
        .exchange().expectStatus().isOk().expectBody().jsonPath("$.token_count").isNumber();
    client().delete().uri("/admin/reset-usage/user1").cookie(cookie.getName(), cookie.getValue()).exchange()
        .expectStatus().isUnauthorized();
    client().post().uri("/admin/reload-config").cookie(cookie.getName(), cookie.getValue()).exchange()
        .expectStatus().isUnauthorized();
    // Nor can a session call a model: it is the administrator's.
    client().post().uri("/v1/chat/completions").cookie(cookie.getName(), cookie.getValue())
        .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange().expectStatus().isUnauthorized();
  }

  @Test
  void aForgedOrExpiredSessionIsRefused() {
    ResponseCookie cookie = login(TestGateway.ADMIN_KEY);
    String value = cookie.getValue();
    String[] parts = value.split("\\.");
    String laterExpiry = (Long.parseLong(parts[0]) + 86_400) + "." + parts[1];

    client().get().uri("/admin/usage").cookie(cookie.getName(), laterExpiry).exchange()
        .expectStatus().isUnauthorized();
    client().get().uri("/dashboard").cookie(cookie.getName(), value + "x").exchange().expectStatus().isSeeOther();

    STACK.gateway().clock().advance(Duration.ofHours(8).plusSeconds(1));
    client().get().uri("/dashboard").cookie(cookie.getName(), value).exchange().expectStatus().isSeeOther();
  }

  @Test
  void logoutClearsTheCookie() {
    ResponseCookie cleared = client().post().uri("/dashboard/logout").exchange()
        .expectStatus().isSeeOther()
        .returnResult(Void.class).getResponseCookies().getFirst(DashboardSessions.COOKIE);
    assertThat(cleared.getMaxAge()).isZero();
    assertThat(cleared.getValue()).isEmpty();
  }
}
