package io.koreanllm.gateway.security;

import static io.koreanllm.gateway.support.Requests.DEV1_KEY;
import static io.koreanllm.gateway.support.Requests.USER1_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import io.koreanllm.gateway.support.GatewayStack;
import io.koreanllm.gateway.support.TestGateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.web.reactive.handler.AbstractUrlHandlerMapping;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Every route the running gateway maps, held against the table of the credential each needs — the table is this
 * test's own, not the code's. A route the application maps that the table does not list fails the test (someone
 * added a route without deciding who may call it), and so does any route reachable without its credential or closed
 * to a caller who holds it.
 */
class RouteGuardTest {

  /** The shipped users, user1 named as the operator names users: by namespace and name. */
  @RegisterExtension
  static final GatewayStack STACK = GatewayStack.withUsers(shippedUsers().replace("  - name: user1 ",
      "  - name: demo/user1 "));

  private static String shippedUsers() {
    try {
      return Files.readString(TestGateway.SHIPPED_USERS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a route needs, as a person would say it. */
  enum Needs {
    NOTHING, USER_KEY, ANY_CREDENTIAL, ADMIN_OR_DASHBOARD_LOGIN, ADMIN_KEY, ADMIN_LOGIN_OR_THAT_USER
  }

  /** The callers a request can come from. */
  enum Caller {
    NOBODY, USER1, DEV1, ADMIN, DASHBOARD_LOGIN
  }

  /** Every mapped route, as "METHOD pattern", and what it needs. */
  private static final Map<String, Needs> TABLE = new LinkedHashMap<>();

  static {
    TABLE.put("GET /health", Needs.NOTHING);
    TABLE.put("GET /actuator", Needs.NOTHING);
    TABLE.put("GET /actuator/health", Needs.NOTHING);
    TABLE.put("GET /actuator/health/{*path}", Needs.NOTHING);
    TABLE.put("GET /actuator/prometheus", Needs.NOTHING);
    TABLE.put("GET /dashboard", Needs.NOTHING); // the page itself sends a browser without a login to the form
    TABLE.put("GET /dashboard/", Needs.NOTHING);
    TABLE.put("GET /dashboard/login", Needs.NOTHING);
    TABLE.put("POST /dashboard/login", Needs.NOTHING);
    TABLE.put("POST /dashboard/logout", Needs.NOTHING);
    TABLE.put("GET /webjars/**", Needs.NOTHING);
    TABLE.put("GET /**", Needs.NOTHING); // static files: only the dashboard's assets are there
    TABLE.put("POST /v1/chat/completions", Needs.USER_KEY);
    TABLE.put("POST /v1/completions", Needs.USER_KEY);
    TABLE.put("POST /v1/embeddings", Needs.USER_KEY);
    TABLE.put("GET /v1/models", Needs.ANY_CREDENTIAL);
    TABLE.put("GET /v1/models/{*id}", Needs.ANY_CREDENTIAL);
    TABLE.put("GET /token-info", Needs.ANY_CREDENTIAL);
    TABLE.put("POST /token-info", Needs.ANY_CREDENTIAL);
    TABLE.put("GET /stats/{user}", Needs.ADMIN_LOGIN_OR_THAT_USER);
    TABLE.put("GET /stats/{namespace}/{name}", Needs.ADMIN_LOGIN_OR_THAT_USER);
    TABLE.put("GET /admin/usage", Needs.ADMIN_OR_DASHBOARD_LOGIN);
    TABLE.put("GET /admin/statistics", Needs.ADMIN_OR_DASHBOARD_LOGIN);
    TABLE.put("GET /admin/top-users", Needs.ADMIN_OR_DASHBOARD_LOGIN);
    TABLE.put("GET /admin/requests", Needs.ADMIN_OR_DASHBOARD_LOGIN);
    TABLE.put("GET /admin/backends", Needs.ADMIN_OR_DASHBOARD_LOGIN);
    TABLE.put("GET /admin/queues", Needs.ADMIN_OR_DASHBOARD_LOGIN);
    TABLE.put("POST /admin/parity/run", Needs.ADMIN_KEY);
    TABLE.put("GET /admin/teams", Needs.ADMIN_OR_DASHBOARD_LOGIN);
    TABLE.put("GET /admin/gpus", Needs.ADMIN_OR_DASHBOARD_LOGIN);
    TABLE.put("GET /admin/usage/export", Needs.ADMIN_OR_DASHBOARD_LOGIN);
    TABLE.put("DELETE /admin/reset-usage/{user}", Needs.ADMIN_KEY);
    TABLE.put("DELETE /admin/reset-usage/{namespace}/{name}", Needs.ADMIN_KEY);
    TABLE.put("POST /admin/reload-config", Needs.ADMIN_KEY);
  }

  /** A concrete request for a pattern; the user a route names is user1, by display name or by namespace and name. */
  private static final Map<String, String> EXAMPLE_PATHS = Map.of(
      "/actuator/health/{*path}", "/actuator/health/liveness",
      "/webjars/**", "/webjars/chart.js/dist/chart.umd.min.js",
      "/**", "/dashboard/assets/dashboard.js",
      "/v1/models/{*id}", "/v1/models/korean-qwen",
      "/stats/{user}", "/stats/사용자1",
      "/stats/{namespace}/{name}", "/stats/demo/user1",
      "/admin/reset-usage/{user}", "/admin/reset-usage/사용자1",
      "/admin/reset-usage/{namespace}/{name}", "/admin/reset-usage/demo/user1");

  private static final Map<String, String> BODIES = Map.of(
      "/v1/chat/completions", "{\"model\":\"korean-qwen\",\"max_tokens\":1,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"안녕\"}]}",
      "/v1/completions", "{\"model\":\"korean-qwen\",\"max_tokens\":1,\"prompt\":\"안녕\"}",
      "/v1/embeddings", "{\"model\":\"korean-qwen\",\"input\":\"안녕\"}",
      "/token-info", "{\"text\":\"안녕하세요\",\"model\":\"korean-qwen\"}");

  @Test
  void everyMappedRouteNeedsTheCredentialTheTableSays() {
    TreeSet<String> mapped = mappedRoutes(STACK.gateway().context());
    printTable(mapped);
    assertThat(mapped).as("routes the application maps, each with its line in the table")
        .containsExactlyInAnyOrderElementsOf(TABLE.keySet());

    ResponseCookie login = login();
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, Needs> route : TABLE.entrySet()) {
      for (Caller caller : Caller.values()) {
        int status = call(route.getKey(), caller, login);
        boolean allowed = allowed(route.getValue(), caller);
        boolean refused = status == 401 || status == 403;
        if (allowed == refused) {
          wrong.add(route.getKey() + " as " + caller + ": " + status + " (the table says "
              + (allowed ? "allowed" : "refused") + ")");
        }
      }
    }
    assertThat(wrong).as("routes whose guard disagrees with the table").isEmpty();
  }

  private static boolean allowed(Needs needs, Caller caller) {
    switch (needs) {
      case NOTHING:
        return true;
      case USER_KEY:
        return caller == Caller.USER1 || caller == Caller.DEV1;
      case ANY_CREDENTIAL:
        return caller != Caller.NOBODY;
      case ADMIN_OR_DASHBOARD_LOGIN:
        return caller == Caller.ADMIN || caller == Caller.DASHBOARD_LOGIN;
      case ADMIN_KEY:
        return caller == Caller.ADMIN;
      default: // the route names user1
        return caller == Caller.ADMIN || caller == Caller.DASHBOARD_LOGIN || caller == Caller.USER1;
    }
  }

  private static int call(String route, Caller caller, ResponseCookie login) {
    String[] parts = route.split(" ", 2);
    HttpMethod method = HttpMethod.valueOf(parts[0]);
    String path = EXAMPLE_PATHS.getOrDefault(parts[1], parts[1]);
    var request = STACK.gateway().client().method(method).uri(path);
    switch (caller) {
      case USER1 -> request.header("Authorization", "Bearer " + USER1_KEY);
      case DEV1 -> request.header("Authorization", "Bearer " + DEV1_KEY);
      case ADMIN -> request.header("Authorization", "Bearer " + TestGateway.ADMIN_KEY);
      case DASHBOARD_LOGIN -> request.cookie(login.getName(), login.getValue());
      default -> { }
    }
    String body = BODIES.get(path);
    if (body != null) {
      request.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    } else if (path.equals("/dashboard/login")) {
      request.contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("key=not-the-key");
    }
    return request.exchange().returnResult(byte[].class).getStatus().value();
  }

  private static ResponseCookie login() {
    return STACK.gateway().client().post().uri("/dashboard/login")
        .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("key=" + TestGateway.ADMIN_KEY).exchange()
        .expectStatus().isSeeOther().returnResult(Void.class).getResponseCookies()
        .getFirst(DashboardSessions.COOKIE);
  }

  /** Every "METHOD pattern" the application's handler mappings map (controllers, actuator, static files). */
  private static TreeSet<String> mappedRoutes(ApplicationContext context) {
    TreeSet<String> routes = new TreeSet<>();
    for (RequestMappingInfoHandlerMapping mapping
        : context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
      for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
        var methods = info.getMethodsCondition().getMethods();
        for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
          (methods.isEmpty() ? java.util.Set.of(org.springframework.web.bind.annotation.RequestMethod.GET) : methods)
              .forEach(method -> routes.add(method.name() + " " + pattern.getPatternString()));
        }
      }
    }
    for (AbstractUrlHandlerMapping mapping : context.getBeansOfType(AbstractUrlHandlerMapping.class).values()) {
      mapping.getHandlerMap().keySet().forEach(pattern -> routes.add("GET " + pattern.getPatternString()));
    }
    return routes;
  }

  private static void printTable(TreeSet<String> mapped) {
    Map<String, String> table = new TreeMap<>();
    mapped.forEach(route -> table.put(route, String.valueOf(TABLE.get(route))));
    StringBuilder text = new StringBuilder("Routes and the credential each needs:\n");
    table.forEach((route, needs) -> text.append(String.format("  %-36s %s%n", route, needs)));
    System.out.print(text);
  }
}
