package io.koreanllm.gateway.parity;

import io.koreanllm.gateway.policy.PolicyHolder;
import io.koreanllm.gateway.tokenize.Prompt;
import io.koreanllm.gateway.tokenize.PromptCounter;
import io.koreanllm.policy.ModelRoute;
import io.koreanllm.tokenizer.ChatPrompt;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The counting-parity probe: has every model's backend count the {@link ProbeConversation}s and compares with the
 * gateway's own count of them, taken by the very counting admission uses. At start, then every
 * {@code koreanllm.parity.interval}, and on {@code POST /admin/parity/run}.
 */
@Component
public class ParityProbe {

  private static final Logger log = LoggerFactory.getLogger(ParityProbe.class);

  private final PolicyHolder policies;
  private final PromptCounter counter;
  private final BackendCounter backend;
  private final ParityStates states;
  private final ParityProperties properties;
  private final Clock clock;
  private Disposable schedule = Disposables.disposed();

  ParityProbe(PolicyHolder policies, PromptCounter counter, BackendCounter backend, ParityStates states,
      ParityProperties properties, Clock clock) {
    this.policies = policies;
    this.counter = counter;
    this.backend = backend;
    this.states = states;
    this.properties = properties;
    this.clock = clock;
  }

  /** A model's parity, as {@code POST /admin/parity/run} answers it. */
  public record ModelParity(String model, Parity parity) {
  }

  @PostConstruct
  void start() {
    if (!properties.interval().isZero()) {
      schedule = Flux.interval(Duration.ZERO, properties.interval())
          .onBackpressureDrop()
          .concatMap(tick -> runAll(), 1)
          .subscribe();
    }
  }

  @PreDestroy
  void stop() {
    schedule.dispose();
  }

  /** Probes every model of the policy now; their results in the policy's order. Never fails: a failure is unknown. */
  public Mono<List<ModelParity>> runAll() {
    return Flux.fromIterable(policies.current().models())
        .flatMapSequential(model -> check(model).map(parity -> new ModelParity(model.name(), parity)))
        .collectList();
  }

  private Mono<Parity> check(ModelRoute model) {
    return Flux.fromArray(ProbeConversation.values())
        .concatMap(conversation -> Mono.zip(gatewayCount(model, conversation), backend.count(model, conversation),
            (gateway, counted) -> new Compared(new ConversationCount(conversation, gateway, counted.tokens()),
                counted.method())))
        .collectList()
        .map(compared -> Parity.of(compared.stream().map(Compared::count).toList(), compared.get(0).method(),
            clock.instant()))
        .onErrorResume(e -> {
          if (e instanceof ProbeFailure) {
            return Mono.just(Parity.unknown(e.getMessage(), clock.instant()));
          }
          log.debug("model {}: parity probe failed", model.name(), e);
          return Mono.just(Parity.unknown("the probe failed: " + e, clock.instant()));
        })
        .map(parity -> states.record(model, parity));
  }

  /** Counted as a request with these messages and tools is counted before admission. */
  private Mono<Integer> gatewayCount(ModelRoute model, ProbeConversation conversation) {
    return Mono.fromCallable(() -> counter.countNow(model, new Prompt.Chat(ChatPrompt.fromRequest(
            conversation.fields()))))
        .subscribeOn(Schedulers.parallel())
        .onErrorMap(e -> new ProbeFailure("the gateway cannot count " + conversation.label() + ": " + e.getMessage()));
  }

  /** One conversation's counts, and how the backend was asked. */
  private record Compared(ConversationCount count, CountingMethod method) {
  }
}
