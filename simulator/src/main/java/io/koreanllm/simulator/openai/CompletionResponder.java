package io.koreanllm.simulator.openai;

import io.koreanllm.simulator.control.Fault;
import io.koreanllm.simulator.control.SimulatorSettings;
import io.koreanllm.simulator.control.SimulatorStats;
import io.koreanllm.simulator.engine.EngineLoad;
import io.koreanllm.simulator.engine.ModelLoad;
import io.koreanllm.simulator.generation.Answer;
import io.koreanllm.simulator.openai.ResponseFormat.Head;
import io.koreanllm.simulator.web.ApiError;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Answers a counted request as the model server would: after the time to first token, whole or as Server-Sent Events
 * with one chunk per generated token, each flushed on its own; or plays the configured fault instead.
 */
@Component
class CompletionResponder {

  private static final Logger log = LoggerFactory.getLogger(CompletionResponder.class);

  /** The cap when a request sets no {@code max_tokens}: above every canned answer, below any sensible context length. */
  private static final int DEFAULT_MAX_TOKENS = 256;

  private static final MediaType EVENT_STREAM = new MediaType(MediaType.TEXT_EVENT_STREAM, StandardCharsets.UTF_8);
  private static final String DONE = "data: [DONE]\n\n";

  private final SimulatorStats stats;
  private final EngineLoad engine;
  private final JsonMapper json;

  CompletionResponder(SimulatorStats stats, EngineLoad engine, JsonMapper json) {
    this.stats = stats;
    this.engine = engine;
    this.json = json;
  }

  /**
   * Waits for a free slot, as a server's scheduler queues requests beyond its running limit, then answers. The slot
   * is held until the answer has been sent in full, or the client went away.
   */
  Mono<ServerResponse> respond(CountedRequest counted) {
    long arrival = System.nanoTime();
    SimulatorSettings settings = counted.settings();
    int maxTokens = maxTokens(counted.request().requestedMaxTokens(), counted.promptTokens(), settings.maxModelLen());
    ModelLoad model = engine.model(counted.request().model());
    return engine.admit(model.name(), settings.maxRunningRequests(), counted.promptTokens() + maxTokens)
        // A queued request starts on the thread that ended another: generate its answer off the event loop.
        .publishOn(Schedulers.parallel())
        .flatMap(slot -> {
          model.prompt(counted.promptTokens());
          return respond(counted, maxTokens, new Progress(model, slot, arrival));
        });
  }

  private Mono<ServerResponse> respond(CountedRequest counted, int maxTokens, Progress progress) {
    SimulatorSettings settings = counted.settings();
    GenerationRequest request = counted.request();
    Answer answer = Answer.generate(counted.tokenizer(), counted.question(), maxTokens);
    log.info("POST {} model={} stream={} prompt_tokens={} completion_tokens={} finish_reason={} fault={}",
        counted.endpoint(), request.model(), request.stream(), counted.promptTokens(), answer.tokens(),
        answer.finishReason(), settings.fault());

    Head head = new Head(counted.format().idPrefix() + UUID.randomUUID().toString().replace("-", ""),
        Instant.now().getEpochSecond(), request.model());
    Usage usage = Usage.of(counted.promptTokens(),
        settings.fault() == Fault.OVER_REPORT ? 10 * answer.tokens() : answer.tokens());
    return switch (settings.fault()) {
      case HANG -> Mono.<ServerResponse>never().doOnCancel(stats::cancelled).doFinally(end -> progress.end());
      case HTTP_500 -> ApiError.simulatedFailure().toResponse().doFinally(end -> progress.end());
      case NONE, CUT_STREAM, NO_USAGE, OVER_REPORT -> request.stream()
          ? stream(counted, head, answer, usage, progress)
          : whole(counted, head, answer, usage, progress);
    };
  }

  /** vLLM's rule: the prompt and the tokens to generate must fit in the context. */
  private static int maxTokens(Integer requested, int promptTokens, int maxModelLen) {
    int maxTokens = requested != null ? requested : Math.min(DEFAULT_MAX_TOKENS, maxModelLen - promptTokens);
    if (maxTokens < 1 || promptTokens + maxTokens > maxModelLen) {
      throw ApiError.contextLengthExceeded(maxModelLen, promptTokens, Math.max(maxTokens, 1));
    }
    return maxTokens;
  }

  private Mono<ServerResponse> whole(CountedRequest counted, Head head, Answer answer, Usage usage,
      Progress progress) {
    return Mono.delay(Duration.ofMillis(counted.settings().ttftMs()))
        .doOnNext(delayed -> {
          progress.firstToken();
          progress.model().generated(answer.tokens());
        })
        .then(ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
            .bodyValue(counted.format().answer(head, answer, usage)))
        .doOnSuccess(response -> {
          stats.completed();
          progress.model().finished();
        })
        .doOnCancel(stats::cancelled)
        .doFinally(end -> progress.end());
  }

  private Mono<ServerResponse> stream(CountedRequest counted, Head head, Answer answer, Usage usage,
      Progress progress) {
    SimulatorSettings settings = counted.settings();
    ResponseFormat format = counted.format();
    boolean includeUsage = counted.request().includeUsage();

    Duration tokenDelay = Duration.ofMillis(settings.tokenDelayMs());
    Flux<String> tokens = Flux.fromIterable(answer.deltas()).index()
        .delayUntil(indexed -> indexed.getT1() == 0 ? Mono.empty() : Mono.delay(tokenDelay))
        .doOnNext(indexed -> {
          if (indexed.getT1() == 0) {
            progress.firstToken();
          }
          // A delta may carry several tokens (a Hangul syllable split across byte tokens): spread them evenly.
          int deltas = answer.deltas().size();
          long index = indexed.getT1();
          progress.model().generated((int) ((index + 1) * answer.tokens() / deltas - index * answer.tokens() / deltas));
        })
        .map(indexed -> frame(format.token(head, indexed.getT2()), includeUsage));
    Flux<String> ending;
    if (settings.fault() == Fault.CUT_STREAM) {
      tokens = tokens.take(settings.faultAfterTokens());
      // An error once the response has started makes Reactor Netty close the connection without ending the body.
      ending = Flux.error(new StreamCut());
    } else {
      List<Object> last = new ArrayList<>(List.of(format.finish(head, answer.finishReason())));
      if (includeUsage && settings.fault() != Fault.NO_USAGE) {
        last.add(format.usage(head, usage));
      }
      ending = Flux.fromIterable(last).map(chunk -> frame(chunk, includeUsage)).concatWith(Mono.just(DONE));
    }
    Flux<String> opening = Flux.fromIterable(format.opening(head)).map(chunk -> frame(chunk, includeUsage));
    Flux<String> frames = Mono.delay(Duration.ofMillis(settings.ttftMs()))
        .thenMany(Flux.concat(opening, tokens, ending))
        .doOnComplete(() -> {
          stats.completed();
          progress.model().finished();
        })
        .doOnCancel(stats::cancelled)
        .doFinally(end -> progress.end());
    return ServerResponse.ok().contentType(EVENT_STREAM).body((response, context) -> response.writeAndFlushWith(
        frames.map(frame -> Mono.just(response.bufferFactory().wrap(frame.getBytes(StandardCharsets.UTF_8))))));
  }

  /** One SSE event. With {@code include_usage} every chunk carries {@code "usage": null} but the last, as in vLLM. */
  private String frame(Object chunk, boolean includeUsage) {
    ObjectNode node = json.valueToTree(chunk);
    if (includeUsage && !node.has("usage")) {
      node.putNull("usage");
    }
    return "data: " + json.writeValueAsString(node) + "\n\n";
  }

  /** One running request's place in the engine, and when it arrived, for the time to first token. */
  private record Progress(ModelLoad model, EngineLoad.Slot slot, long arrivalNanos) {

    void firstToken() {
      model.firstToken(Duration.ofNanos(System.nanoTime() - arrivalNanos));
    }

    void end() {
      slot.release();
    }
  }

  /** Ends a stream on purpose (fault cut-stream); no stack trace, since nothing went wrong. */
  private static final class StreamCut extends RuntimeException {
    StreamCut() {
      super("stream cut on purpose (fault cut-stream)", null, false, false);
    }
  }
}
