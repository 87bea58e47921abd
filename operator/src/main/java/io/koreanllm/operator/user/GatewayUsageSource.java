package io.koreanllm.operator.user;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Usage today from the gateway's ledger: one {@code GET /admin/top-users?period=today} with the admin key fetches
 * every user's tokens at once, kept for a while, so however many users reconcile the gateway is asked about once
 * a minute. When the gateway cannot be reached, usage is unknown (the status keeps its last value).
 */
public final class GatewayUsageSource implements UsageSource {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayUsageSource.class);
  /** The most users the gateway lists at once; past that, a user missing from the list is unknown, not idle. */
  static final int LIMIT = 100;

  private final URI topUsers;
  private final String adminKey;
  private final Duration maxAge;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ObjectMapper json = new ObjectMapper();
  private Map<String, Long> tokens = Map.of();
  private boolean complete;
  private long fetchedAtNanos;
  private boolean fetched;

  public GatewayUsageSource(URI gateway, String adminKey, Duration maxAge) {
    this.topUsers = gateway.resolve("/admin/top-users?period=today&limit=" + LIMIT);
    this.adminKey = adminKey;
    this.maxAge = maxAge;
  }

  @Override
  public synchronized OptionalLong tokensToday(String user) {
    if (!fetched || System.nanoTime() - fetchedAtNanos > maxAge.toNanos()) {
      fetch();
    }
    Long used = tokens.get(user);
    if (used != null) {
      return OptionalLong.of(used);
    }
    return fetched && complete ? OptionalLong.of(0) : OptionalLong.empty();
  }

  private void fetch() {
    fetchedAtNanos = System.nanoTime();
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(topUsers).timeout(Duration.ofSeconds(5))
          .header("Authorization", "Bearer " + adminKey).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException("the gateway answered HTTP " + response.statusCode());
      }
      JsonNode users = json.readTree(response.body()).path("users");
      Map<String, Long> read = new HashMap<>();
      users.forEach(user -> read.put(user.path("user").asText(), user.path("total_tokens").asLong()));
      tokens = read;
      complete = users.size() < LIMIT;
      fetched = true;
    } catch (IOException e) {
      LOG.warn("usage today unknown: {} {}", topUsers, e.getMessage());
      tokens = Map.of();
      fetched = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fetched = false;
    }
  }
}
