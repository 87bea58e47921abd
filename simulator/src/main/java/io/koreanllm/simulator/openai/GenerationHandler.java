package io.koreanllm.simulator.openai;

import io.koreanllm.simulator.control.SettingsStore;
import io.koreanllm.simulator.control.SimulatorSettings;
import io.koreanllm.simulator.control.SimulatorStats;
import io.koreanllm.simulator.web.JsonBodies;
import io.koreanllm.tokenizer.ChatPrompt;
import io.koreanllm.tokenizer.ModelTokenizer;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

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
    return received(request, ChatCompletionRequest.class).flatMap(chat -> {
      SimulatorSettings current = settings.current();
      ModelTokenizer tokenizer = models.tokenizer(current, chat.model());
      ChatPrompt prompt = ChatPrompts.of(chat.messages(), chat.tools(), chat.chatTemplateKwargs(), true);
      int promptTokens = prompt.count(tokenizer);
      return responder.respond(new CountedRequest(request.path(), current, chat, tokenizer, promptTokens,
          prompt.lastUserText(), ChatFormat.INSTANCE));
    });
  }

  Mono<ServerResponse> completion(ServerRequest request) {
    return received(request, CompletionRequest.class).flatMap(completion -> {
      SimulatorSettings current = settings.current();
      ModelTokenizer tokenizer = models.tokenizer(current, completion.model());
      String prompt = completion.promptText();
      // vLLM adds the tokenizer's special tokens (such as Llama's <|begin_of_text|>) to a raw prompt.
      int promptTokens = tokenizer.countText(prompt, true);
      return responder.respond(new CountedRequest(request.path(), current, completion, tokenizer, promptTokens,
          prompt, TextFormat.INSTANCE));
    });
  }

  /**
   * Records every JSON body for {@code /sim/stats}, refused or not, then binds and validates it. What follows
   * (counting, generating) is CPU work, done off Netty's event loop as the gateway does it.
   */
  private <T extends GenerationRequest> Mono<T> received(ServerRequest request, Class<T> type) {
    return bodies.read(request).map(body -> {
      stats.received(body.text());
      T generation = bodies.bind(body, type);
      generation.validate();
      return generation;
    }).publishOn(Schedulers.parallel());
  }
}
