package io.koreanllm.operator.user;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.DateTimeException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * One of the gateway's admin reads, with the admin key, kept for a while: asked again only when it is older than
 * {@code maxAge} or another URI is wanted (a new day). A failure is kept as long, as nothing known, so that an
 * unreachable gateway is not asked once per reconcile. An answer that cannot be read (not JSON, a bad date) is a
 * failure too.
 *
 * @param <T> what the answer's JSON is read into
 */
final class CachedGatewayRead<T> {

  private static final Logger LOG = LoggerFactory.getLogger(CachedGatewayRead.class);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String adminKey;
  private final Duration maxAge;
  private final Function<JsonNode, T> read;
  private URI fetched;
  private long fetchedAtNanos;
  private Optional<T> value = Optional.empty();

  CachedGatewayRead(String adminKey, Duration maxAge, Function<JsonNode, T> read) {
    this.adminKey = adminKey;
    this.maxAge = maxAge;
    this.read = read;
  }

  /** The answer to {@code uri}, fetched now or at most {@code maxAge} ago; empty when the gateway did not answer. */
  synchronized Optional<T> get(URI uri) {
    if (!uri.equals(fetched) || System.nanoTime() - fetchedAtNanos > maxAge.toNanos()) {
      fetched = uri;
      fetchedAtNanos = System.nanoTime();
      value = fetch(uri);
    }
    return value;
  }

  private Optional<T> fetch(URI uri) {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
          .header("Authorization", "Bearer " + adminKey).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException("the gateway answered HTTP " + response.statusCode());
      }
      return Optional.of(read.apply(JSON.readTree(response.body())));
    } catch (IOException | DateTimeException e) {
      LOG.warn("usage unknown: {} {}", uri, e.getMessage());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
