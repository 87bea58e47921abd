package io.koreanllm.gateway.openai;

import io.koreanllm.gateway.observe.RequestEvents;
import io.koreanllm.gateway.observe.RequestOutcome;
import io.koreanllm.gateway.observe.RequestTrace;
import io.koreanllm.gateway.quota.Outcome;
import io.koreanllm.gateway.quota.QuotaStore;
import io.koreanllm.gateway.quota.Reservation;
import io.koreanllm.gateway.quota.Usage;
import io.koreanllm.gateway.tokenize.PromptCounter;
import io.koreanllm.policy.ModelRoute;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Replaces one request's reservation by what it really used, exactly once, whichever way the request ends.
 *
 * <p>The charge rule: the usage the backend reported, when it did, its completion tokens capped at what the request
 * allowed (max_tokens × n: a server claiming more is wrong, and the user agreed to no more); otherwise, once the
 * backend had begun a successful answer, the counted prompt plus the generated text counted with the model's
 * tokenizer (a client gone, a stream cut midway or one that never sent usage); when the backend never answered
 * successfully (unreachable, timed out, an error status), the request is released: it counts as never admitted and
 * the ledger records nothing — the backend reported nothing and generated nothing, and a refused request changes
 * no counter. A client gone before any answer is charged the prompt, which the backend had already been sent.
 */
final class Settlement {

  private static final Logger log = LoggerFactory.getLogger(Settlement.class);

  private final QuotaStore store;
  private final PromptCounter counter;
  private final ModelRoute model;
  private final Reservation reservation;
  private final GenerationTracker tracker;
  private final RequestTrace trace;
  private final RequestEvents events;
  private final AtomicBoolean settled = new AtomicBoolean();

  Settlement(QuotaStore store, PromptCounter counter, ModelRoute model, Reservation reservation,
      GenerationTracker tracker, RequestTrace trace, RequestEvents events) {
    this.store = store;
    this.counter = counter;
    this.model = model;
    this.reservation = reservation;
    this.tracker = tracker;
    this.trace = trace;
    this.events = events;
  }

  /**
   * Settles when subscribed; completes when the usage is stored. Only the first settlement counts. The work runs
   * detached from its subscriber: a response cancelled while its usage is being written must not lose the write.
   */
  Mono<Void> settle(Outcome outcome) {
    return Mono.defer(() -> settled.compareAndSet(false, true)
        ? Mono.fromFuture(settleNow(outcome).toFuture(), true) : Mono.empty());
  }

  private Mono<Void> settleNow(Outcome outcome) {
    if (outcome == Outcome.BACKEND_ERROR && !tracker.hasAnswered() && tracker.reported() == null) {
      return store.release(reservation)
          .doOnNext(first -> {
            log.info("request {} user={} model={} refused by the backend or unanswered: released",
                reservation.requestId(), reservation.user(), model.name());
            if (first) {
              events.publish(trace.ended(reservation.requestId(), RequestOutcome.BACKEND_ERROR, 0, 0));
            }
          })
          .then()
          .onErrorResume(e -> {
            log.error("request {}: releasing failed: {}", reservation.requestId(), e.toString());
            return Mono.empty();
          });
    }
    return usage(outcome)
        .flatMap(usage -> store.settle(reservation, usage, outcome)
            .doOnNext(first -> {
              log.info("request {} user={} model={} outcome={} prompt={} completion={}", reservation.requestId(),
                  reservation.user(), model.name(), outcome, usage.promptTokens(), usage.completionTokens());
              if (first) { // metrics count what the ledger counts, once
                events.publish(trace.ended(reservation.requestId(), RequestOutcome.of(outcome),
                    usage.promptTokens(), usage.completionTokens()));
              }
            }))
        .then()
        .onErrorResume(e -> {
          log.error("request {}: settling failed: {}", reservation.requestId(), e.toString());
          return Mono.empty();
        });
  }

  /** For paths that cannot wait (a cancelled exchange): settle in the background. */
  void settleLater(Outcome outcome) {
    settle(outcome).subscribe();
  }

  /** What to charge once the backend has answered, or the client left (see the class's rule). */
  private Mono<Usage> usage(Outcome outcome) {
    Usage reported = tracker.reported();
    if (reported != null) {
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
    if (!tracker.hasAnswered()) {
      return Mono.just(new Usage(reservation.promptTokens(), 0)); // the client left before any answer
    }
    return counter.countGenerated(model, tracker.generatedText())
        .map(generated -> new Usage(reservation.promptTokens(), generated));
  }
}
