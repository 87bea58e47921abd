package io.koreanllm.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server standing in for the gateway's admin API: it answers each path with the JSON a test set, to
 * requests that carry the admin key, and records every request it got. A path without an answer is a 503, as a
 * gateway that cannot read its ledger.
 */
public final class GatewayStandIn implements AutoCloseable {

  public static final String ADMIN_KEY = "admin-key-for-tests";

  private final HttpServer server;
  private final Map<String, String> answers = new ConcurrentHashMap<>();
  private final List<URI> requests = new CopyOnWriteArrayList<>();

  public GatewayStandIn() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Answers {@code path} (without the query) with {@code json} from now on; null to stop answering it. */
  public void answer(String path, String json) {
    if (json == null) {
      answers.remove(path);
    } else {
      answers.put(path, json);
    }
  }

  /** The requests received so far, with their queries. */
  public List<URI> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.add(exchange.getRequestURI());
    String answer = answers.get(exchange.getRequestURI().getPath());
    boolean admin = ("Bearer " + ADMIN_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"));
    int status = !admin ? 401 : answer == null ? 503 : 200;
    byte[] body = (status == 200 ? answer : "{}").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
