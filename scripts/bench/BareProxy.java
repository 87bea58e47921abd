import io.netty.buffer.Unpooled;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

/**
 * scripts/bench-gateway.sh's fourth column: the least a Java gateway on the gateway's own HTTP stack (Reactor Netty,
 * the versions in the gateway's jar) can do per request — read the whole body (a counting gateway must, to count
 * it), POST it to the backend over a pooled connection, relay the answer as it comes. No Spring, no auth, no
 * counting, no quota: what is left of the gateway's added latency beyond this column is its own work and Spring's.
 *
 * <p>Run as a single-file program: {@code java -cp <the gateway's reactor and netty jars> BareProxy.java PORT URL}.
 */
public class BareProxy {

  public static void main(String[] args) {
    String backend = args[1];
    HttpClient client = HttpClient.create(ConnectionProvider.builder("backend").maxConnections(4096)
            .pendingAcquireMaxCount(-1).maxIdleTime(Duration.ofSeconds(30)).build())
        .keepAlive(true)
        .headers(headers -> headers.set("content-type", "application/json"));
    HttpServer.create().host("127.0.0.1").port(Integer.parseInt(args[0]))
        .handle((request, response) -> request.receive().aggregate().asByteArray()
            .flatMap(body -> client.post().uri(backend + request.uri())
                .send(Mono.just(Unpooled.wrappedBuffer(body)))
                .response((answer, content) -> {
                  String type = answer.responseHeaders().get("content-type");
                  if (type != null) {
                    response.header("content-type", type);
                  }
                  return response.status(answer.status()).send(content.retain()).then();
                })
                .then()))
        .bindNow()
        .onDispose()
        .block();
  }
}
