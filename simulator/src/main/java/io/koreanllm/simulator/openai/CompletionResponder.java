package io.koreanllm.simulator.openai;

import io.koreanllm.simulator.control.Fault;
import io.koreanllm.simulator.control.SimulatorSettings;
import io.koreanllm.simulator.control.SimulatorStats;
import io.koreanllm.simulator.engine.EngineLoad;
import io.koreanllm.simulator.engine.EngineTiming;
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
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Answers a counted request as a batched GPU engine would: it waits for running slots, its prompt is prefilled, then
 * its tokens come one decode step at a time; a stream sends each as it comes (one Server-Sent Event per token, each
 * flushed on its own), a whole answer is sent when the last one is generated. Or it plays the configured fault instead.
 */
@Component
class CompletionResponder {

  /** How long the request waited for running slots, in milliseconds; for benchmarks reading single answers. */
  static final String QUEUE_WAIT_HEADER = "x-simulator-queue-wait-ms";

  private static final Logger log = LoggerFactory.getLogger(CompletionResponder.class);

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
   * Waits for free slots, as a server's scheduler queues requests beyond its running limit, then answers. The slots
   * are held until the answer's last token is generated — an engine frees a finished sequence before its last
   * bytes are sent, so a client that has the whole answer never finds it still running — or the client went away.
   */
  Mono<ServerResponse> respond(CountedRequest counted, ServerRequest request) {
    long arrival = System.nanoTime();
    GenerationOptions options = counted.options();
    ModelLoad model = engine.model(counted.model().name());
    int priority = ServerLimits.schedulingPriority(counted.settings(), options.priority());
    EngineLoad.Demand demand = new EngineLoad.Demand(options.n(),
        (int) Math.min(Integer.MAX_VALUE, counted.promptTokens() + (long) options.n() * counted.maxTokens()), priority);
    return engine.admit(model.name(), demand)
        .doOnNext(slot -> ClientConnection.releaseWhenGone(request, slot))
        // A queued request starts on the thread that ended another: generate its answer off the event loop.
        .publishOn(Schedulers.parallel())
        .flatMap(slot -> {
          model.prompt(counted.promptTokens());
          return respond(counted, new Progress(model, slot, arrival, options.n()));
        })
        .doOnDiscard(EngineLoad.Slot.class, EngineLoad.Slot::release);
  }

  private Mono<ServerResponse> respond(CountedRequest counted, Progress progress) {
    SimulatorSettings settings = counted.settings();
    GenerationOptions options = counted.options();
    Answer answer = Answer.generate(counted.model().tokenizer(), counted.question(),
        new Answer.Constraints(counted.maxTokens(), options.stop(), options.jsonObject()));
    log.info("POST {} model={} stream={} n={} priority={} prompt_tokens={} completion_tokens={} finish_reason={} "
            + "queued_ms={} fault={}", counted.endpoint(), counted.model().name(), options.stream(), options.n(),
        options.priority(), counted.promptTokens(), answer.tokens(), answer.finishReason(),
        progress.slot().queueWait().toMillis(), settings.fault());

    Head head = new Head(counted.format().idPrefix() + UUID.randomUUID().toString().replace("-", ""),
        Instant.now().getEpochSecond(), counted.model().name());
    int completionTokens = options.n() * answer.tokens();
    Usage usage = Usage.of(counted.promptTokens(),
        settings.fault() == Fault.OVER_REPORT ? 10 * completionTokens : completionTokens);
    return switch (settings.fault()) {
      case HANG -> Mono.<ServerResponse>never().doOnCancel(stats::cancelled).doFinally(end -> progress.end());
      case HTTP_500 -> ApiError.simulatedFailure().toResponse().doFinally(end -> progress.end());
      case NONE, CUT_STREAM, NO_USAGE, OVER_REPORT -> options.stream()
          ? stream(counted, head, answer, usage, progress)
          : whole(counted, head, answer, usage, progress);
    };
  }

  /** The prompt's prefill: the time to the first token on an idle engine. */
  private static Mono<Long> prefill(CountedRequest counted) {
    return delay(EngineTiming.of(counted.settings()).prefill(counted.promptTokens()));
  }

  /**
   * The index of each of the answer's deltas, emitted when the engine has generated it once the prompt is prefilled:
   * the first token at once, each further token one decode step later, a step as long as the batch running at that
   * time makes it.
   */
  private Flux<Integer> decoded(CountedRequest counted, Answer answer, Progress progress) {
    EngineTiming timing = EngineTiming.of(counted.settings());
    List<Integer> deltaTokens = answer.deltaTokens();
    return Flux.range(0, deltaTokens.size())
        .concatMap(index -> {
          int steps = index == 0 ? deltaTokens.get(0) - 1 : deltaTokens.get(index);
          return delay(timing.decodeStep(engine.running()).multipliedBy(steps)).thenReturn(index);
        })
        .doOnNext(index -> progress.generated(index, deltaTokens.get(index)))
        .doOnComplete(progress::end);
  }

  private static Mono<Long> delay(Duration duration) {
    return duration.isZero() ? Mono.just(0L) : Mono.delay(duration);
  }

  private Mono<ServerResponse> whole(CountedRequest counted, Head head, Answer answer, Usage usage,
      Progress progress) {
    return prefill(counted)
        .thenMany(decoded(counted, answer, progress))
        .then(Mono.defer(() -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
            .header(QUEUE_WAIT_HEADER, progress.queueWaitMillis())
            .bodyValue(counted.format().answer(head, answer, counted.options().n(), usage))))
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
    boolean includeUsage = counted.options().includeUsage();
    int n = counted.options().n();

    Flux<Integer> deltas = decoded(counted, answer, progress);
    Flux<String> ending;
    if (settings.fault() == Fault.CUT_STREAM) {
      deltas = deltas.take(settings.faultAfterTokens());
      // An error once the response has started makes Reactor Netty close the connection without ending the body.
      ending = Flux.error(new StreamCut());
    } else {
      List<Object> last = new ArrayList<>(eachChoice(n, index -> format.finish(head, index, answer)));
      if (includeUsage && settings.fault() != Fault.NO_USAGE) {
        last.add(format.usage(head, usage));
      }
      ending = Flux.fromIterable(last).map(chunk -> frame(chunk, includeUsage)).concatWith(Mono.just(DONE));
    }
    Flux<String> opening = Flux.fromIterable(IntStream.range(0, n).boxed()
        .flatMap(index -> format.opening(head, index).stream()).toList()).map(chunk -> frame(chunk, includeUsage));
    Flux<String> tokens = deltas.flatMapIterable(index -> eachChoice(n,
        choice -> frame(format.token(head, choice, answer.deltas().get(index)), includeUsage)));
    // vLLM sends a choice's opening with its first token, once the prompt is prefilled.
    Flux<String> frames = prefill(counted).thenMany(Flux.concat(opening, tokens, ending))
        .doOnComplete(() -> {
          stats.completed();
          progress.model().finished();
        })
        .doOnCancel(stats::cancelled)
        .doFinally(end -> progress.end());
    return ServerResponse.ok().contentType(EVENT_STREAM).header(QUEUE_WAIT_HEADER, progress.queueWaitMillis())
        .body((response, context) -> response.writeAndFlushWith(frames.map(
            frame -> Mono.just(response.bufferFactory().wrap(frame.getBytes(StandardCharsets.UTF_8))))));
  }

  private static <T> List<T> eachChoice(int n, IntFunction<T> perChoice) {
    return IntStream.range(0, n).mapToObj(perChoice).toList();
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
  private record Progress(ModelLoad model, EngineLoad.Slot slot, long arrivalNanos, int sequences) {

    /** Delta {@code index} of each sequence is out, carrying {@code tokens} tokens. */
    void generated(int index, int tokens) {
      if (index == 0) {
        model.firstToken(Duration.ofNanos(System.nanoTime() - arrivalNanos));
      }
      model.generated(tokens * sequences);
    }

    String queueWaitMillis() {
      return String.valueOf(slot.queueWait().toMillis());
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
