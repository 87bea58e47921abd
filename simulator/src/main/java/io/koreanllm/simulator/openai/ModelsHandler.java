package io.koreanllm.simulator.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.koreanllm.simulator.control.Engine;
import io.koreanllm.simulator.control.SettingsStore;
import io.koreanllm.simulator.control.SimulatorSettings;
import io.koreanllm.simulator.model.ServedModel;
import io.koreanllm.simulator.model.ServedModels;
import io.koreanllm.simulator.web.JsonBodies;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

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

  /** vLLM's model cards: the served name, the model it loads as {@code root}, its context and one permission. */
  Mono<ServerResponse> list(ServerRequest request) {
    SimulatorSettings current = settings.current();
    long created = Instant.now().getEpochSecond();
    List<ModelCard> cards = current.models().entrySet().stream()
        .map(model -> new ModelCard(model.getKey(), "model", created, current.engine().toString(), model.getValue(),
            null, current.maxModelLen(), List.of(ModelPermission.granted(created))))
        .toList();
    return ServerResponse.ok().bodyValue(new ModelList("list", cards));
  }

  /**
   * Tokenizes a prompt or a chat exactly as the generation endpoints count it, so {@code count} equals their
   * {@code usage.prompt_tokens} and the length of {@code tokens}. Only as vLLM: SGLang serves no such route, so the
   * simulator in {@code sglang} mode answers 404 as its web framework (FastAPI) does.
   */
  Mono<ServerResponse> tokenize(ServerRequest request) {
    if (settings.current().engine() == Engine.SGLANG) {
      return ServerResponse.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_JSON)
          .bodyValue(Map.of("detail", "Not Found"));
    }
    return bodies.read(request).map(body -> TokenizeRequest.read(body.tree())).publishOn(Schedulers.parallel())
        .flatMap(tokenize -> {
          SimulatorSettings current = settings.current();
          ServedModel model = models.model(current, tokenize.model());
          long[] ids = tokenize.chat() != null
              ? model.tokens(model.renderChat(tokenize.chat().prompt()), tokenize.chat().addSpecialTokens())
              : model.tokens(tokenize.prompt(), tokenize.addSpecialTokens());
          return ServerResponse.ok().bodyValue(new TokenizeResponse(ids.length, current.maxModelLen(),
              Arrays.stream(ids).boxed().toList(), null));
        });
  }

  record ModelList(String object, List<ModelCard> data) {}

  record ModelCard(String id, String object, long created, @JsonProperty("owned_by") String ownedBy, String root,
      String parent, @JsonProperty("max_model_len") int maxModelLen, List<ModelPermission> permission) {}

  /** vLLM lists one permission per model, everything a client does allowed. */
  record ModelPermission(String id, String object, long created,
      @JsonProperty("allow_create_engine") boolean allowCreateEngine,
      @JsonProperty("allow_sampling") boolean allowSampling, @JsonProperty("allow_logprobs") boolean allowLogprobs,
      @JsonProperty("allow_search_indices") boolean allowSearchIndices, @JsonProperty("allow_view") boolean allowView,
      @JsonProperty("allow_fine_tuning") boolean allowFineTuning, String organization, String group,
      @JsonProperty("is_blocking") boolean isBlocking) {

    static ModelPermission granted(long created) {
      return new ModelPermission("modelperm-" + UUID.randomUUID().toString().replace("-", ""), "model_permission",
          created, false, true, true, false, true, false, "*", null, false);
    }
  }

  /** @param tokenStrs vLLM's {@code token_strs}: never filled here ({@code return_token_strs} is not simulated) */
  record TokenizeResponse(int count, @JsonProperty("max_model_len") int maxModelLen, List<Long> tokens,
      @JsonProperty("token_strs") List<String> tokenStrs) {}
}
