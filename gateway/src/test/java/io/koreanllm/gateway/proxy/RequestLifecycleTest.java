package io.koreanllm.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.koreanllm.gateway.observe.GatewayMetrics;
import io.koreanllm.gateway.observe.RequestEvents;
import io.koreanllm.gateway.observe.RequestOutcome;
import io.koreanllm.gateway.observe.RequestRecord;
import io.koreanllm.gateway.observe.RequestTrace;
import io.koreanllm.gateway.quota.Admission;
import io.koreanllm.gateway.quota.AdmissionRequest;
import io.koreanllm.gateway.quota.EmbeddedQuotaStore;
import io.koreanllm.gateway.quota.QuotaHolder;
import io.koreanllm.gateway.quota.QuotaScope;
import io.koreanllm.gateway.quota.ScopedLimits;
import io.koreanllm.gateway.quota.UsageSnapshot;
import io.koreanllm.gateway.support.MutableClock;
import io.koreanllm.gateway.tokenize.PromptCounter;
import io.koreanllm.gateway.tokenize.Tokenizers;
import io.koreanllm.gateway.usage.Outcome;
import io.koreanllm.gateway.usage.SqliteUsageLedger;
import io.koreanllm.gateway.usage.UsageEvent;
import io.koreanllm.policy.EffectiveLimits;
import io.koreanllm.policy.Engine;
import io.koreanllm.policy.ModelRoute;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * One request's lifecycle fed every combination of the signals that can end it — from each point the request can
 * have reached, the first ending signal followed by every other in turn — settles exactly once, with the outcome
 * and charge the documented table gives (docs/architecture.md, "The request lifecycle"). A real embedded store and
 * ledger, the real tokenizer for what was generated.
 */
class RequestLifecycleTest {

  private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
  private static final ModelRoute MODEL = new ModelRoute("korean-qwen", "http://127.0.0.1:1", Engine.SGLANG, "qwen3",
      8192);
  private static final int PROMPT = 40;
  private static final int MAX_TOKENS = 50;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir
  static Path dir;
  private static Tokenizers tokenizers;
  private static PromptCounter counter;
  private static final AtomicInteger ids = new AtomicInteger();

  @BeforeAll
  static void tokenizer() {
    tokenizers = new Tokenizers();
    counter = new PromptCounter(tokenizers, new GatewayMetrics(new SimpleMeterRegistry()));
  }

  @AfterAll
  static void close() {
    tokenizers.close();
  }

  /** How far the request got before its end began. */
  enum Reached {
    ADMITTED(lifecycle -> { }),
    FORWARDED(RequestLifecycle::forwarded),
    REFUSED_BY_BACKEND(lifecycle -> {
      lifecycle.forwarded();
      lifecycle.answered(400);
    }),
    ANSWERING_WITH_TEXT(lifecycle -> {
      lifecycle.forwarded();
      lifecycle.answered(200);
      lifecycle.observe(JSON.readTree("{\"choices\":[{\"delta\":{\"content\":\"" + GENERATED_TEXT + "\"}}]}"));
    }),
    ANSWERING_WITH_USAGE(lifecycle -> {
      lifecycle.forwarded();
      lifecycle.answered(200);
      lifecycle.observe(JSON.readTree("{\"choices\":[{\"delta\":{\"content\":\"안녕\"}}]}"));
      lifecycle.observe(JSON.readTree("{\"choices\":[],\"usage\":{\"prompt_tokens\":40,\"completion_tokens\":7}}"));
    });

    final Consumer<RequestLifecycle> steps;

    Reached(Consumer<RequestLifecycle> steps) {
      this.steps = steps;
    }
  }

  enum Ending {
    ANSWER_ENDED(RequestLifecycle::answerEnded),
    COMPLETED(RequestLifecycle::completed),
    FAILED(lifecycle -> lifecycle.failed(new IllegalStateException("the backend broke off"))),
    CANCELLED(RequestLifecycle::cancelled),
    CLIENT_LEFT(lifecycle -> {
      lifecycle.clientLeft();
      return Mono.empty();
    });

    final java.util.function.Function<RequestLifecycle, Mono<Void>> signal;

    Ending(java.util.function.Function<RequestLifecycle, Mono<Void>> signal) {
      this.signal = signal;
    }
  }

  private static final String GENERATED_TEXT = "안녕하세요, 반갑습니다";

  /** What the ledger must hold afterwards: nothing (released), or one event of this outcome and charge. */
  record Expected(Outcome outcome, long prompt, long completion) {
    static final Expected RELEASED = new Expected(null, 0, 0);
  }

  /** The documented table, written out here on its own, not derived from the code under test. */
  private static Expected expected(Reached reached, Ending first) {
    boolean cancelled = first == Ending.CANCELLED || first == Ending.CLIENT_LEFT;
    switch (reached) {
      case ADMITTED:
      case REFUSED_BY_BACKEND:
        return Expected.RELEASED;
      case FORWARDED:
        return cancelled ? new Expected(Outcome.CLIENT_CANCELLED, PROMPT, 0) : Expected.RELEASED;
      case ANSWERING_WITH_TEXT:
        // No usage was reported: the generated text, counted with the model's own tokenizer.
        return new Expected(outcome(first), PROMPT, tokenizers.of(MODEL).countText(GENERATED_TEXT, false));
      default:
        return new Expected(outcome(first), 40, 7);
    }
  }

  private static Outcome outcome(Ending first) {
    switch (first) {
      case FAILED:
        return Outcome.BACKEND_ERROR;
      case CANCELLED:
      case CLIENT_LEFT:
        return Outcome.CLIENT_CANCELLED;
      default:
        return Outcome.COMPLETED;
    }
  }

  static Stream<Arguments> combinations() {
    List<Arguments> all = new ArrayList<>();
    for (Reached reached : Reached.values()) {
      for (Ending first : Ending.values()) {
        List<Ending> later = new ArrayList<>(List.of(Ending.values()));
        later.remove(first);
        all.add(Arguments.of(reached, first, later));
        List<Ending> reversed = new ArrayList<>(later);
        Collections.reverse(reversed);
        all.add(Arguments.of(reached, first, reversed));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}, then {1}, then {2}")
  @MethodSource("combinations")
  void settlesOnceWithTheDocumentedOutcome(Reached reached, Ending first, List<Ending> later) {
    try (Fixture fixture = new Fixture()) {
      RequestLifecycle lifecycle = fixture.admit();
      reached.steps.accept(lifecycle);
      first.signal.apply(lifecycle).block(Duration.ofSeconds(10));
      for (Ending next : later) {
        next.signal.apply(lifecycle).block(Duration.ofSeconds(10));
      }
      // A "client left" signal settles in the background: wait for the store, then check.
      fixture.awaitSettled();
      fixture.assertSettledOnce(expected(reached, first));
    }
  }

  /** Every ending signal at once, from several threads: still one settlement. */
  @RepeatedTest(20)
  void concurrentEndingsSettleOnce() throws Exception {
    try (Fixture fixture = new Fixture()) {
      RequestLifecycle lifecycle = fixture.admit();
      Reached.ANSWERING_WITH_USAGE.steps.accept(lifecycle);
      ExecutorService threads = Executors.newFixedThreadPool(Ending.values().length);
      CountDownLatch start = new CountDownLatch(1);
      List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
      for (Ending ending : Ending.values()) {
        sent.add(threads.submit(() -> {
          start.await();
          return ending.signal.apply(lifecycle).block(Duration.ofSeconds(10));
        }));
      }
      start.countDown();
      for (var signal : sent) {
        signal.get(20, TimeUnit.SECONDS);
      }
      threads.shutdown();
      fixture.awaitSettled();
      assertThat(fixture.ledger.recent(10).block()).hasSize(1)
          .allSatisfy(event -> assertThat(event.totalTokens()).isEqualTo(47));
      assertThat(fixture.records).hasSize(1);
    }
  }

  /** A real embedded store with its own ledger file, and the records the lifecycle publishes. */
  private static final class Fixture implements AutoCloseable {

    static final QuotaHolder ALICE = QuotaHolder.alone("alice");
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T01:00:00Z"));
    final SqliteUsageLedger ledger = new SqliteUsageLedger(dir.resolve("usage-" + ids.incrementAndGet() + ".db"));
    final EmbeddedQuotaStore store = new EmbeddedQuotaStore(clock, ledger);
    final List<RequestRecord> records = Collections.synchronizedList(new ArrayList<>());
    final RequestEvents events = new RequestEvents(List.of(records::add));
    String requestId;

    RequestLifecycle admit() {
      requestId = "req-" + ids.incrementAndGet();
      EffectiveLimits limits = new EffectiveLimits(100, 100_000, 0, 0, 0, 0, 0);
      Admission admission = store.admit(new AdmissionRequest(requestId, ALICE, MODEL.name(),
          List.of(new ScopedLimits(QuotaScope.user("alice"), limits)), PROMPT, PROMPT + MAX_TOKENS, SEOUL)).block();
      assertThat(admission).isInstanceOf(Admission.Admitted.class);
      RequestTrace trace = new RequestTrace();
      trace.identified("alice");
      trace.decided(true);
      return new RequestLifecycle(store, counter, events, MODEL, ((Admission.Admitted) admission).reservation(),
          trace);
    }

    void awaitSettled() {
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> store.snapshot(ALICE, QuotaScope.user("alice"), SEOUL).block().inFlight() == 0 && !records.isEmpty());
    }

    void assertSettledOnce(Expected expected) {
      List<UsageEvent> ledgered = ledger.recent(10).block();
      UsageSnapshot windows = store.snapshot(ALICE, QuotaScope.user("alice"), SEOUL).block();
      assertThat(records).as("one record published").hasSize(1);
      if (expected.outcome() == null) {
        assertThat(ledgered).as("a released request leaves no trace in the ledger").isEmpty();
        assertThat(windows.requestsLastMinute()).as("nor in the windows").isZero();
        assertThat(windows.tokensLastMinute()).isZero();
        assertThat(records.get(0).outcome()).isEqualTo(RequestOutcome.BACKEND_ERROR);
        return;
      }
      assertThat(ledgered).hasSize(1);
      UsageEvent event = ledgered.get(0);
      assertThat(event.requestId()).isEqualTo(requestId);
      assertThat(event.outcome()).isEqualTo(expected.outcome());
      assertThat(event.promptTokens()).isEqualTo(expected.prompt());
      assertThat(event.completionTokens()).isEqualTo(expected.completion());
      assertThat(windows.tokensLastMinute()).as("the windows hold the charge, not the reservation")
          .isEqualTo(expected.prompt() + expected.completion());
      assertThat(records.get(0).outcome()).isEqualTo(RequestOutcome.of(expected.outcome()));
    }

    @Override
    public void close() {
      ledger.close();
    }
  }
}
