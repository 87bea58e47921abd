package io.koreanllm.simulator.openai;

import io.koreanllm.simulator.control.SettingsStore;
import io.koreanllm.simulator.control.SimulatorSettings;
import io.koreanllm.simulator.control.SimulatorStats;
import io.koreanllm.simulator.engine.EngineLoad;
import io.koreanllm.simulator.engine.EngineTiming;
import io.koreanllm.simulator.generation.EmbeddingVector;
import io.koreanllm.simulator.model.ServedModel;
import io.koreanllm.simulator.model.ServedModels;
import io.koreanllm.simulator.web.ApiError;
import io.koreanllm.simulator.web.JsonBodies;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code POST /v1/embeddings} as vLLM serves it for an embedding model: each input counted exactly with the model's
 * tokenizer ({@code usage.prompt_tokens} = {@code total_tokens} = their sum), run through the engine for the prefill
 * of its tokens (it takes a running slot meanwhile), and answered with a deterministic unit vector.
 */
@Component
class EmbeddingsHandler {

  private static final Logger log = LoggerFactory.getLogger(EmbeddingsHandler.class);

  private final JsonBodies bodies;
  private final SettingsStore settings;
  private final SimulatorStats stats;
  private final ServedModels models;
  private final EngineLoad engine;

  EmbeddingsHandler(JsonBodies bodies, SettingsStore settings, SimulatorStats stats, ServedModels models,
      EngineLoad engine) {
    this.bodies = bodies;
    this.settings = settings;
    this.stats = stats;
    this.models = models;
    this.engine = engine;
  }

  Mono<ServerResponse> embed(ServerRequest request) {
    return bodies.read(request).map(body -> {
      stats.received(body.text());
      return EmbeddingRequest.read(body.tree());
    }).publishOn(Schedulers.parallel()).flatMap(embedding -> {
      SimulatorSettings current = settings.current();
      ServedModel model = models.model(current, embedding.model());
      int dimensions = dimensions(embedding.dimensions(), current.embeddingDimensions());
      int promptTokens = 0;
      List<EmbeddingData> data = new ArrayList<>();
      for (Prompt input : embedding.inputs()) {
        input.checkVocabulary(model);
        int tokens = ServerLimits.truncated(input.count(model, embedding.addSpecialTokens()),
            embedding.truncatePromptTokens(), current.maxModelLen());
        if (tokens > current.maxModelLen()) {
          throw ApiError.badRequest("This model's maximum context length is " + current.maxModelLen() + " tokens. "
              + "However, you requested " + tokens + " tokens in the input for embedding generation. Please reduce "
              + "the length of the input.", "input");
        }
        promptTokens += tokens;
        EmbeddingVector vector = EmbeddingVector.of(model.name(),
            input.text() != null ? input.text() : input.tokenIds().toString(), current.embeddingDimensions(),
            dimensions);
        data.add(new EmbeddingData(data.size(), "embedding",
            embedding.base64() ? vector.base64() : vector.values()));
      }
      ServerLimits.requirePriorityAllowed(current, embedding.priority());
      int allTokens = promptTokens;
      log.info("POST /v1/embeddings model={} inputs={} prompt_tokens={} dimensions={}", model.name(),
          data.size(), allTokens, dimensions);
      EngineLoad.Demand demand = new EngineLoad.Demand(data.size(), allTokens,
          ServerLimits.schedulingPriority(current, embedding.priority()));
      return engine.admit(model.name(), demand)
          .doOnNext(slot -> ClientConnection.releaseWhenGone(request, slot))
          .flatMap(slot -> Mono.delay(EngineTiming.of(current).prefill(allTokens))
          .then(Mono.defer(() -> {
            engine.model(model.name()).prompt(allTokens);
            return ServerResponse.ok().bodyValue(new EmbeddingList(
                "embd-" + UUID.randomUUID().toString().replace("-", ""), "list", Instant.now().getEpochSecond(),
                model.name(), data, Usage.of(allTokens, 0)));
          }))
          .doOnSuccess(response -> stats.completed())
          .doOnCancel(stats::cancelled)
          .doFinally(end -> slot.release()));
    });
  }

  /** The simulated model is a Matryoshka one: any length from 1 to its own. */
  private static int dimensions(Integer requested, int modelDimensions) {
    if (requested == null) {
      return modelDimensions;
    }
    if (requested < 1) {
      throw ApiError.badRequest("Dimensions must be greater than 0", "dimensions");
    }
    if (requested > modelDimensions) {
      throw ApiError.badRequest("Dimensions must be at most the model's " + modelDimensions + ", got " + requested,
          "dimensions");
    }
    return requested;
  }

  record EmbeddingList(String id, String object, long created, String model, List<EmbeddingData> data, Usage usage) {}

  /** @param embedding the vector: a list of floats, or their base64 text */
  record EmbeddingData(int index, String object, Object embedding) {}
}
