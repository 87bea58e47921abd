package io.koreanllm.gateway.proxy;

import io.koreanllm.gateway.http.ApiError;
import io.koreanllm.gateway.observe.RequestEvents;
import io.koreanllm.gateway.observe.RequestOutcome;
import io.koreanllm.gateway.observe.RequestTrace;
import io.koreanllm.gateway.queue.Slot;
import io.koreanllm.gateway.quota.QuotaStore;
import io.koreanllm.gateway.quota.Reservation;
import io.koreanllm.gateway.tokenize.PromptCounter;
import io.koreanllm.gateway.usage.Outcome;
import io.koreanllm.gateway.usage.Usage;
import io.koreanllm.policy.ModelRoute;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * One admitted request, from its reservation to its settlement. It owns the reservation, what the backend produced
 * (the {@link GenerationTracker}) and the trace. The forwarder and the relays only report what happens — forwarded,
 * answered, a chunk, the answer ended, a failure, the client gone — and this class alone decides, once, how the
 * request ends and what it is charged ({@link #decide}). Later signals find the decision made and change nothing.
 *
 * <p>The charge rule: the usage the backend reported, its completion tokens capped at what the request allowed
 * (max_tokens × n: a server claiming more is wrong, and the user agreed to no more); otherwise, once the backend had
 * begun a successful answer, the counted prompt plus the generated text counted with the model's tokenizer (a client
 * gone, a stream cut midway, one that never sent usage). A request the backend never answered successfully
 * (unreachable, timed out, an error status) is released: it counts as never admitted and the ledger records nothing.
 * A client gone after the backend was sent the request but before any answer is charged the prompt.
 */
final class RequestLifecycle {

  private static final Logger log = LoggerFactory.getLogger(RequestLifecycle.class);

  /** How far the request got. */
  enum Stage {
    /** Admitted; the backend has not been sent it. */
    ADMITTED,
    /** Sent to the backend, no answer yet. */
    FORWARDED,
    /** The backend began a successful (2xx) answer. */
    ANSWERING,
    /** The backend answered with an error status: it refused the request. */
    REFUSED_BY_BACKEND
  }

  /** What ended the request's life. */
  enum Signal {
    /** The backend's answer is whole (the body of a plain answer, a stream's {@code [DONE]}). */
    ANSWER_ENDED,
    /** The response to the client was written to its end. */
    COMPLETED,
    /** The backend failed: unreachable, timed out, or its answer broke off. */
    FAILED,
    /** The client went away. */
    CANCELLED
  }

  /** What a request is charged: nothing (released), only its prompt, or what the backend produced. */
  enum Charge { RELEASE, PROMPT, PRODUCED }

  /** The decision: how the request is recorded, and what it is charged. */
  record Decision(Outcome outcome, Charge charge) {
    static final Decision RELEASE = new Decision(Outcome.BACKEND_ERROR, Charge.RELEASE);
  }

  private final QuotaStore store;
  private final PromptCounter counter;
  private final RequestEvents events;
  private final ModelRoute model;
  private final Reservation reservation;
  private final RequestTrace trace;
  private final GenerationTracker tracker;
  private Stage stage = Stage.ADMITTED;
  private volatile Slot slot = Slot.NONE;
  private ApiError refusal;
  /** Completes once the store has the settlement: whatever this process asks of it next sees it. */
  private final CompletableFuture<Void> handedOver = new CompletableFuture<>();
  /**
   * Null until decided; then what the client's remaining bytes wait for: the settlement stored, or handed over where
   * that suffices.
   */
  private Mono<Void> settlement;

  RequestLifecycle(QuotaStore store, PromptCounter counter, RequestEvents events, ModelRoute model,
      Reservation reservation, RequestTrace trace) {
    this.store = store;
    this.counter = counter;
    this.events = events;
    this.model = model;
    this.reservation = reservation;
    this.trace = trace;
    this.tracker = new GenerationTracker(trace);
  }

  /**
   * The one decision, from how far the request got and what ended it.
   *
   * <table>
   *   <tr><th>stage</th><th>answer ended / completed</th><th>failed</th><th>cancelled</th></tr>
   *   <tr><td>admitted</td><td>release</td><td>release</td><td>release</td></tr>
   *   <tr><td>forwarded</td><td>release</td><td>release</td><td>client cancelled, prompt</td></tr>
   *   <tr><td>answering</td><td>completed, produced</td><td>backend error, produced</td>
   *       <td>client cancelled, produced</td></tr>
   *   <tr><td>refused by backend</td><td>release</td><td>release</td><td>release</td></tr>
   * </table>
   * A forwarded request that "completed" without an answer is one the gateway answered itself (502, 504).
   */
  static Decision decide(Stage stage, Signal signal) {
    return switch (stage) {
      case ADMITTED, REFUSED_BY_BACKEND -> Decision.RELEASE;
      case FORWARDED -> signal == Signal.CANCELLED
          ? new Decision(Outcome.CLIENT_CANCELLED, Charge.PROMPT) : Decision.RELEASE;
      case ANSWERING -> switch (signal) {
        case ANSWER_ENDED, COMPLETED -> new Decision(Outcome.COMPLETED, Charge.PRODUCED);
        case FAILED -> new Decision(Outcome.BACKEND_ERROR, Charge.PRODUCED);
        case CANCELLED -> new Decision(Outcome.CLIENT_CANCELLED, Charge.PRODUCED);
      };
    };
  }

  Reservation reservation() {
    return reservation;
  }

  /** The model's capacity was taken for the request: it is given back once the request ends. */
  synchronized void dispatched(Slot taken) {
    if (settlement != null) {
      taken.release(0); // ended while the slot was on its way
      return;
    }
    slot = taken;
  }

  synchronized void forwarded() {
    trace.forwarded();
    stage = Stage.FORWARDED;
  }

  /** The backend's status line arrived. */
  synchronized void answered(int status) {
    if (settlement != null) {
      return;
    }
    if (status >= 200 && status < 300) {
      stage = Stage.ANSWERING;
    } else {
      stage = Stage.REFUSED_BY_BACKEND;
    }
  }

  /** A whole answer or one stream chunk, as JSON. */
  void observe(JsonNode chunk) {
    tracker.observe(chunk);
  }

  /**
   * The backend's answer is whole: settles now, so the client's last bytes leave after its usage is in effect —
   * stored, or handed to a store that runs it before anything this process asks next ({@link
   * QuotaStore#inEffectOnceBegun}).
   */
  Mono<Void> answerEnded() {
    return end(Signal.ANSWER_ENDED);
  }

  Mono<Void> completed() {
    return end(Signal.COMPLETED);
  }

  Mono<Void> failed(Throwable error) {
    return end(Signal.FAILED);
  }

  /** The request never reached the backend: it waited too long for the model's capacity. Recorded as refused. */
  Mono<Void> refusedInLine(ApiError reason) {
    synchronized (this) {
      refusal = reason;
    }
    return end(Signal.FAILED);
  }

  Mono<Void> cancelled() {
    return end(Signal.CANCELLED);
  }

  /** The client stopped reading mid-answer; the settlement starts at once, nobody need wait for it. */
  void clientLeft() {
    end(Signal.CANCELLED);
  }

  /**
   * Decides on the first signal and starts the settlement at once; every signal's Mono completes when the usage is
   * in effect (see {@link #answerEnded}). The work runs detached from whoever waits for it: a response cancelled
   * mid-write must not lose it.
   */
  private Mono<Void> end(Signal signal) {
    synchronized (this) {
      if (settlement == null) {
        Decision decision = decide(stage, signal);
        boolean inEffectOnceBegun = store.inEffectOnceBegun(reservation); // asked before the store settles it
        CompletableFuture<Void> stored = settle(decision).toFuture();
        stored.whenComplete((done, error) -> handedOver.complete(null)); // also when it never reached the store
        settlement = Mono.fromFuture(inEffectOnceBegun ? handedOver : stored, true);
      }
      return settlement;
    }
  }

  /** Begins the store's command now; once it has begun, the store has it. */
  private Mono<Boolean> handOver(Mono<Boolean> command) {
    CompletableFuture<Boolean> result = command.toFuture();
    handedOver.complete(null);
    return Mono.fromFuture(result, true);
  }

  private Mono<Void> settle(Decision decision) {
    if (decision.charge() == Charge.RELEASE) {
      slot.release(0);
      ApiError refused = refusal;
      return handOver(store.release(reservation))
          .doOnNext(first -> {
            log.info("request {} user={} model={} {}: released", reservation.requestId(), reservation.user(),
                model.name(), refused != null ? refused.code() : "refused by the backend or unanswered");
            if (first) {
              events.publish(refused != null
                  ? trace.refused(refused.code(), refused.status().value(), RequestOutcome.REFUSED)
                  : trace.ended(reservation.requestId(), RequestOutcome.BACKEND_ERROR, 0, 0));
            }
          })
          .then()
          .onErrorResume(e -> {
            log.error("request {}: releasing failed: {}", reservation.requestId(), e.toString());
            return Mono.empty();
          });
    }
    Outcome outcome = decision.outcome();
    Mono<Usage> usage = decision.charge() == Charge.PROMPT
        ? Mono.just(new Usage(reservation.promptTokens(), 0)) : produced();
    return usage
        .doOnNext(used -> slot.release(used.totalTokens()))
        .flatMap(used -> handOver(store.settle(reservation, used, outcome))
            .doOnNext(first -> {
              log.info("request {} user={} model={} outcome={} prompt={} completion={}", reservation.requestId(),
                  reservation.user(), model.name(), outcome, used.promptTokens(), used.completionTokens());
              if (first) { // metrics count what the ledger counts, once
                events.publish(trace.ended(reservation.requestId(), RequestOutcome.of(outcome),
                    used.promptTokens(), used.completionTokens()));
              }
            }))
        .then()
        .onErrorResume(e -> {
          log.error("request {}: settling failed: {}", reservation.requestId(), e.toString());
          return Mono.empty();
        });
  }

  /** What the backend produced: its reported usage (completion capped), or the prompt and the generated text. */
  private Mono<Usage> produced() {
    Usage reported = tracker.reported();
    if (reported == null) {
      return counter.countGenerated(model, tracker.generatedText())
          .map(generated -> new Usage(reservation.promptTokens(), generated));
    }
    if (reported.promptTokens() != reservation.promptTokens()) {
      log.warn("request {}: model {} reported {} prompt tokens, the gateway counted {}", reservation.requestId(),
          model.name(), reported.promptTokens(), reservation.promptTokens());
    }
    long allowed = reservation.reservedTokens() - reservation.promptTokens();
    if (reported.completionTokens() > allowed) {
      log.warn("request {}: model {} reported {} completion tokens, more than the {} allowed; charging {}",
          reservation.requestId(), model.name(), reported.completionTokens(), allowed, allowed);
      return Mono.just(new Usage(reported.promptTokens(), allowed));
    }
    return Mono.just(reported);
  }
}
