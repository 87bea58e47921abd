package io.koreanllm.simulator.openai;

import io.koreanllm.simulator.engine.EngineLoad;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.netty.channel.ChannelOperations;

/**
 * A running slot must come back however its client leaves. The answer gives it back when it ends or is cancelled,
 * but a client that leaves just as its request starts may leave before the answer is ever subscribed, and then only
 * the end of its exchange says so (a real engine aborts such a request too).
 */
final class ClientConnection {

  private ClientConnection() {
  }

  /** Gives the slot back once the exchange of {@code request} is over, whichever way; a second release is a no-op. */
  static void releaseWhenGone(ServerRequest request, EngineLoad.Slot slot) {
    Object exchange = ServerHttpRequestDecorator.getNativeRequest(request.exchange().getRequest());
    if (exchange instanceof ChannelOperations<?, ?> operations) {
      operations.onTerminate().subscribe(null, error -> slot.release(), slot::release);
    }
  }
}
