package io.koreanllm.simulator.openai;

import io.koreanllm.simulator.control.SettingsStore;
import io.koreanllm.simulator.control.SimulatorSettings;
import io.koreanllm.simulator.control.SimulatorStats;
import io.koreanllm.simulator.model.ServedModel;
import io.koreanllm.simulator.model.ServedModels;
import io.koreanllm.simulator.web.JsonBodies;
import io.koreanllm.tokenizer.ChatPrompt;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/**
 * {@code /v1/chat/completions} and {@code /v1/completions}: validates and counts the prompt as vLLM does, then hands
 * over to the {@link CompletionResponder}.
 */
@Component
class GenerationHandler {

  private final JsonBodies bodies;
  private final SettingsStore settings;
  private final SimulatorStats stats;
  private final ServedModels models;
  private final CompletionResponder responder;

  GenerationHandler(JsonBodies bodies, SettingsStore settings, SimulatorStats stats, ServedModels models,
      CompletionResponder responder) {
    this.bodies = bodies;
    this.settings = settings;
    this.stats = stats;
    this.models = models;
    this.responder = responder;
  }

  Mono<ServerResponse> chat(ServerRequest request) {
    return received(request, ChatCompletionRequest::read).flatMap(chat -> {
      SimulatorSettings current = settings.current();
      ServedModel model = models.model(current, chat.options().model());
      ChatPrompt prompt = chat.chat().prompt();
      int promptTokens = model.count(model.renderChat(prompt), chat.chat().addSpecialTokens());
      return responder.respond(CountedRequest.of(request.path(), current, chat.options(), model, promptTokens,
          prompt.lastUserText(), ChatFormat.INSTANCE), request);
    });
  }

  Mono<ServerResponse> completion(ServerRequest request) {
    return received(request, CompletionRequest::read).flatMap(completion -> {
      SimulatorSettings current = settings.current();
      ServedModel model = models.model(current, completion.options().model());
      Prompt prompt = completion.prompt();
      // vLLM adds the tokenizer's special tokens (such as Llama's <|begin_of_text|>) to a raw prompt's text.
      return responder.respond(CountedRequest.of(request.path(), current, completion.options(), model,
          prompt.count(model, completion.addSpecialTokens()), prompt.text(model), TextFormat.INSTANCE), request);
    });
  }

  /**
   * Records every JSON body for {@code /sim/stats}, refused or not, then reads and checks it. What follows
   * (counting, generating) is CPU work, done off Netty's event loop as the gateway does it.
   */
  private <T> Mono<T> received(ServerRequest request, Function<JsonNode, T> reader) {
    return bodies.read(request).map(body -> {
      stats.received(body.text());
      return reader.apply(body.tree());
    }).publishOn(Schedulers.parallel());
  }
}
