package io.koreanllm.gateway.warmup;

import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A stand-in for every model server during the warm-up: answers chat and text completions at once, plainly or as
 * an event stream with a usage chunk, the way SGLang and vLLM do, and 200 to anything else (health, metrics). It
 * exists so that the warm-up sends nothing to a real GPU.
 */
final class WarmUpBackend {

  private static final String ANSWER = "안녕하세요. 무엇을 도와드릴까요?";
  private static final String USAGE = "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":4,\"total_tokens\":5}";

  private WarmUpBackend() {
  }

  static DisposableServer start() {
    return HttpServer.create().host("127.0.0.1").port(0)
        .handle((request, response) -> request.receive().aggregate().asString().defaultIfEmpty("")
            .flatMap(body -> answer(request, response, body)))
        .bindNow();
  }

  private static Mono<Void> answer(HttpServerRequest request, HttpServerResponse response, String body) {
    boolean chat = request.uri().endsWith("/chat/completions");
    if (!chat && !request.uri().endsWith("/completions")) {
      return response.header(HttpHeaderNames.CONTENT_TYPE, "application/json").sendString(Mono.just("{}")).then();
    }
    if (body.contains("\"stream\":true")) {
      Flux<String> events = Flux.just("안녕하세요. ", "무엇을 ", "도와드릴까요?")
          .map(piece -> "data: {\"object\":\"" + (chat ? "chat.completion.chunk" : "text_completion")
              + "\",\"choices\":[{\"index\":0," + content(chat, piece, true) + ",\"finish_reason\":null}]}\n\n")
          .concatWithValues("data: {\"choices\":[]," + USAGE + "}\n\n", "data: [DONE]\n\n");
      return response.header(HttpHeaderNames.CONTENT_TYPE, "text/event-stream").sendString(events).then();
    }
    return response.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
        .sendString(Mono.just("{\"object\":\"" + (chat ? "chat.completion" : "text_completion")
            + "\",\"choices\":[{\"index\":0," + content(chat, ANSWER, false) + ",\"finish_reason\":\"stop\"}],"
            + USAGE + "}"))
        .then();
  }

  private static String content(boolean chat, String text, boolean delta) {
    if (!chat) {
      return "\"text\":\"" + text + "\"";
    }
    return "\"" + (delta ? "delta" : "message") + "\":{\"role\":\"assistant\",\"content\":\"" + text + "\"}";
  }
}
