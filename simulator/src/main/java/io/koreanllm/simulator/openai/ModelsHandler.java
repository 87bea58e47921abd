package io.koreanllm.simulator.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.koreanllm.simulator.control.SettingsStore;
import io.koreanllm.simulator.control.SimulatorSettings;
import io.koreanllm.simulator.web.ApiError;
import io.koreanllm.simulator.web.JsonBodies;
import io.koreanllm.tokenizer.ChatPrompt;
import io.koreanllm.tokenizer.ModelTokenizer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** What the server tells about its models: {@code GET /v1/models} and vLLM's {@code POST /tokenize}. */
@Component
class ModelsHandler {

  private final JsonBodies bodies;
  private final SettingsStore settings;
  private final ServedModels models;

  ModelsHandler(JsonBodies bodies, SettingsStore settings, ServedModels models) {
    this.bodies = bodies;
    this.settings = settings;
    this.models = models;
  }

  Mono<ServerResponse> list(ServerRequest request) {
    SimulatorSettings current = settings.current();
    long created = Instant.now().getEpochSecond();
    List<ModelCard> cards = current.models().keySet().stream()
        .map(name -> new ModelCard(name, "model", created, "simulator", current.maxModelLen()))
        .toList();
    return ServerResponse.ok().bodyValue(new ModelList("list", cards));
  }

  /**
   * Counts a prompt as the generation endpoints do. For a raw prompt {@code count} includes the special tokens the
   * tokenizer adds while {@code tokens} lists only the prompt's own ids: {@code ModelTokenizer} encodes without them.
   */
  Mono<ServerResponse> tokenize(ServerRequest request) {
    return bodies.read(request).map(body -> bodies.bind(body, TokenizeRequest.class)).flatMap(tokenize -> {
      SimulatorSettings current = settings.current();
      ModelTokenizer tokenizer = models.tokenizer(current, tokenize.model());
      long[] ids;
      int count;
      if (tokenize.prompt() != null) {
        ids = tokenizer.encode(tokenize.prompt());
        count = tokenizer.countText(tokenize.prompt(), true);
      } else if (tokenize.messages() != null && !tokenize.messages().isEmpty()) {
        ChatPrompt prompt = ChatPrompts.of(tokenize.messages(), tokenize.tools(), tokenize.chatTemplateKwargs(),
            tokenize.generationPrompt());
        String rendered = prompt.render(tokenizer);
        ids = tokenizer.encode(rendered);
        count = ids.length;
      } else {
        throw ApiError.badRequest("give either a prompt or messages", "prompt");
      }
      List<Long> tokens = Arrays.stream(ids).boxed().toList();
      return ServerResponse.ok().bodyValue(new TokenizeResponse(count, current.maxModelLen(), tokens));
    });
  }

  record ModelList(String object, List<ModelCard> data) {}

  record ModelCard(String id, String object, long created, @JsonProperty("owned_by") String ownedBy,
      @JsonProperty("max_model_len") int maxModelLen) {}

  record TokenizeResponse(int count, @JsonProperty("max_model_len") int maxModelLen, List<Long> tokens) {}
}
