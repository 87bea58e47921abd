package io.koreanllm.gateway.warmup;

import io.koreanllm.policy.ModelRoute;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** The warm-up's requests to the private instance, and what came of them. */
final class WarmUpTraffic {

  private static final Duration LONGEST = Duration.ofSeconds(60);

  private WarmUpTraffic() {
  }

  /** Chats, plain and streamed, and text completions to every model in turn, a few at a time. */
  static Counts send(int port, String key, List<ModelRoute> models, Predicate<ModelRoute> chats, int requests,
      int inFlight) {
    List<WarmUpRequest> kinds = new ArrayList<>();
    for (ModelRoute model : models) {
      if (chats.test(model)) {
        kinds.add(new WarmUpRequest(model.name(), WarmUpRequest.Kind.CHAT));
        kinds.add(new WarmUpRequest(model.name(), WarmUpRequest.Kind.CHAT_STREAM));
      }
      kinds.add(new WarmUpRequest(model.name(), WarmUpRequest.Kind.COMPLETION));
    }
    Counts counts = new Counts();
    if (kinds.isEmpty()) {
      return counts;
    }
    ConnectionProvider connections = ConnectionProvider.create("warm-up", inFlight);
    HttpClient client = HttpClient.create(connections).baseUrl("http://127.0.0.1:" + port)
        .headers(headers -> headers.set("Authorization", "Bearer " + key).set("Content-Type", "application/json"));
    try {
      Flux.range(0, requests)
          .flatMap(i -> {
            WarmUpRequest request = kinds.get(i % kinds.size());
            return client.post().uri(request.path())
                .send(ByteBufFlux.fromString(Mono.just(request.body(i))))
                .responseSingle((response, body) -> body.asByteArray().thenReturn(response.status().code())
                    .defaultIfEmpty(response.status().code()))
                .onErrorReturn(-1);
          }, inFlight)
          .take(LONGEST)
          .doOnNext(status -> {
            counts.sent.incrementAndGet();
            if (status < 200 || status >= 300) {
              counts.failed.incrementAndGet();
            }
          })
          .blockLast();
    } finally {
      // Closed before the private instance stops, so that its server has no connection left to wait for.
      connections.disposeLater().block(LONGEST);
    }
    return counts;
  }

  /** Requests sent, and those not answered with a 2xx. */
  static final class Counts {
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    int sent() {
      return sent.get();
    }

    int failed() {
      return failed.get();
    }

    void add(Counts more) {
      sent.addAndGet(more.sent());
      failed.addAndGet(more.failed());
    }
  }
}
