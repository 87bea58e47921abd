package io.koreanllm.gateway.quota.redis;

import io.koreanllm.gateway.quota.Admission;
import io.koreanllm.gateway.quota.AdmissionRequest;
import io.koreanllm.gateway.quota.LocalQuotas;
import io.koreanllm.gateway.quota.QuotaHolder;
import io.koreanllm.gateway.quota.QuotaScope;
import io.koreanllm.gateway.quota.QuotaStore;
import io.koreanllm.gateway.quota.QuotaStoreBusyException;
import io.koreanllm.gateway.quota.QuotaStoreUnavailableException;
import io.koreanllm.gateway.quota.RateLimitStatus;
import io.koreanllm.gateway.quota.Reservation;
import io.koreanllm.gateway.quota.ScopedLimits;
import io.koreanllm.gateway.quota.UsageSnapshot;
import io.koreanllm.gateway.usage.Outcome;
import io.koreanllm.gateway.usage.Usage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The Redis store with a plan for when Redis is away, and only then: a slow Redis is waited for, never taken for a
 * dead one ({@link RedisAvailability} decides from the connection). An admission that takes longer than
 * {@code admissionWait} is refused as busy (503) and given back when it lands. While Redis is down the
 * {@link FailureMode} decides admissions — in {@code local} mode each replica keeps its {@link LimitShare} of every
 * limit — and every settlement goes to the {@link UsageJournal} on disk, replayed in order once Redis answers;
 * admissions go back to Redis once the journal is in. Replays are idempotent by request id: nothing is lost and
 * nothing counted twice, also across a crash of this process.
 */
public final class ResilientQuotaStore implements QuotaStore, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ResilientQuotaStore.class);
  private static final Duration REPLAY_INTERVAL = Duration.ofMillis(250);

  /** A scope's tokens of one quota day and its month, as Redis last counted them for this replica. */
  private record Counted(LocalDate day, long tokensToday, long tokensThisMonth) {
  }

  private final RedisQuotaStore redis;
  private final RedisAvailability availability;
  private final ReplicaHeartbeats replicas;
  private final UsageJournal journal;
  private final LocalQuotas local;
  private final FailureMode mode;
  private final Clock clock;
  private final Duration admissionWait;
  /** Requests this replica admitted without Redis: Redis has no reservation of theirs to settle. */
  private final Set<String> admittedAlone = ConcurrentHashMap.newKeySet();
  private final Map<QuotaScope, Counted> counted = new ConcurrentHashMap<>();
  private final AtomicBoolean replaying = new AtomicBoolean();
  private final Disposable replayer;
  /** The outages whose journal is in Redis; -1 while a previous process's journal is still to replay. */
  private volatile long drainedOutages;

  public ResilientQuotaStore(RedisQuotaStore redis, RedisAvailability availability, ReplicaHeartbeats replicas,
      UsageJournal journal, FailureMode mode, Clock clock, Duration admissionWait) {
    this.redis = redis;
    this.availability = availability;
    this.replicas = replicas;
    this.journal = journal;
    this.local = new LocalQuotas(clock);
    this.mode = mode;
    this.clock = clock;
    this.admissionWait = admissionWait;
    this.drainedOutages = journal.isEmpty() ? 0 : -1;
    this.replayer = Flux.interval(REPLAY_INTERVAL, Schedulers.parallel()).subscribe(tick -> replay());
  }

  /**
   * Whether admissions go to Redis: it is up, and what was journaled during its last outage is in (until then the
   * local windows still hold that usage and Redis does not). A settlement journaled while Redis is up changes
   * nothing here.
   */
  private boolean serving() {
    if (!availability.up()) {
      return false;
    }
    long outages = availability.outages();
    if (outages != drainedOutages) {
      if (!journal.isEmpty()) {
        return false;
      }
      drainedOutages = outages;
    }
    return true;
  }

  @Override
  public Mono<Admission> admit(AdmissionRequest request) {
    if (!serving()) {
      return admitAlone(request);
    }
    CompletableFuture<RedisQuotaStore.Decided> decided = redis.decide(request).toFuture();
    return Mono.fromFuture(decided, true)
        .doOnNext(answer -> remember(request, answer))
        .map(RedisQuotaStore.Decided::admission)
        .timeout(admissionWait, Mono.defer(() -> {
          giveBackWhenDecided(decided);
          return Mono.error(new QuotaStoreBusyException(admissionWait));
        }))
        .onErrorResume(error -> {
          if (ConnectionFailures.isConnectionFailure(error)) {
            availability.down(error);
            return admitAlone(request);
          }
          if (error instanceof QuotaStoreBusyException) {
            return Mono.error(error);
          }
          // Redis answered with an error of its own (out of memory, a read-only replica): refuse, but it is not down.
          String cause = NestedExceptionUtils.getMostSpecificCause(error).toString(); // Spring's wrapper names none
          log.warn("request {}: Redis refused the admission: {}", request.requestId(), cause);
          return Mono.error(new QuotaStoreUnavailableException("Redis refused the admission: " + cause));
        });
  }

  @Override
  public Mono<Boolean> settle(Reservation reservation, Usage usage, Outcome outcome) {
    UsageJournal.Entry entry = new UsageJournal.Entry(reservation, usage, outcome);
    if (admittedAlone.remove(reservation.requestId())) {
      if (mode == FailureMode.LOCAL) {
        local.settle(reservation, usage);
      }
      return journal(entry);
    }
    return toRedis(entry, redis.settle(reservation, usage, outcome));
  }

  /**
   * In effect once begun while it goes to Redis (see {@link RedisQuotaStore#inEffectOnceBegun}); a settlement that
   * goes to the journal (Redis down, or the request admitted without it) is in effect once the kernel has it.
   */
  @Override
  public boolean inEffectOnceBegun(Reservation reservation) {
    return availability.up() && !admittedAlone.contains(reservation.requestId());
  }

  @Override
  public Mono<Boolean> release(Reservation reservation) {
    if (admittedAlone.remove(reservation.requestId())) {
      // Redis never saw it; only the local windows, if any, held it.
      return Mono.just(mode != FailureMode.LOCAL || local.release(reservation));
    }
    return toRedis(new UsageJournal.Entry(reservation, null, Outcome.BACKEND_ERROR), redis.release(reservation));
  }

  /** Settles or releases in Redis now, or journals it when Redis is down or fails at the connection meanwhile. */
  private Mono<Boolean> toRedis(UsageJournal.Entry entry, Mono<Boolean> now) {
    if (!availability.up()) {
      return journal(entry);
    }
    return now.onErrorResume(error -> {
      if (ConnectionFailures.isConnectionFailure(error)) {
        availability.down(error);
      } else {
        log.warn("request {}: settling in Redis failed ({}); journaled", entry.reservation().requestId(),
            NestedExceptionUtils.getMostSpecificCause(error).toString());
      }
      return journal(entry);
    });
  }

  @Override
  public Mono<UsageSnapshot> snapshot(QuotaHolder holder, QuotaScope scope, ZoneId dailyResetZone) {
    if (!availability.up()) {
      return Mono.just(local.snapshot(scope, dailyResetZone));
    }
    return redis.snapshot(holder, scope, dailyResetZone)
        .onErrorResume(ConnectionFailures::isConnectionFailure, error -> {
          availability.down(error);
          return Mono.just(local.snapshot(scope, dailyResetZone));
        });
  }

  @Override
  public Mono<Void> reset(QuotaHolder holder, Collection<String> models) {
    local.reset(holder.user());
    counted.keySet().removeIf(scope -> scope.isUsers() && scope.name().equals(holder.user()));
    return redis.reset(holder, models);
  }

  /** Settlements waiting for Redis. */
  public int journaled() {
    return journal.size();
  }

  @Override
  public void close() {
    replayer.dispose();
  }

  private Mono<Admission> admitAlone(AdmissionRequest request) {
    if (mode == FailureMode.CLOSED || journal.full()) {
      return Mono.error(new QuotaStoreUnavailableException(journal.full()
          ? "the usage journal " + journal.file() + " is full" : "Redis is unreachable (failure mode closed)"));
    }
    Admission admission;
    if (mode == FailureMode.OPEN) {
      Instant now = clock.instant();
      admission = new Admission.Admitted(new Reservation(request.requestId(), request.holder(), request.model(),
          request.scopes().stream().map(ScopedLimits::scope).toList(), request.promptTokens(),
          request.reservedTokens(), now, LocalDate.ofInstant(now, request.dailyResetZone())),
          RateLimitStatus.UNLIMITED);
    } else {
      admission = local.admit(shareOf(request));
    }
    if (admission instanceof Admission.Admitted) {
      admittedAlone.add(request.requestId());
    }
    return Mono.just(admission);
  }

  /** The request under this replica's share of each scope's limits. */
  private AdmissionRequest shareOf(AdmissionRequest request) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), request.dailyResetZone());
    int replicaCount = replicas.replicas();
    List<ScopedLimits> shares = new ArrayList<>(request.scopes().size());
    for (ScopedLimits scoped : request.scopes()) {
      Counted known = counted.get(scoped.scope());
      long day = known != null && known.day().equals(today) ? known.tokensToday() : 0;
      long month = known != null && YearMonth.from(known.day()).equals(YearMonth.from(today))
          ? known.tokensThisMonth() : 0;
      shares.add(new ScopedLimits(scoped.scope(), LimitShare.of(scoped.limits(), replicaCount, day, month)));
    }
    return request.withScopes(shares);
  }

  private void remember(AdmissionRequest request, RedisQuotaStore.Decided answer) {
    LocalDate day = answer.admission() instanceof Admission.Admitted admitted ? admitted.reservation().day()
        : LocalDate.ofInstant(clock.instant(), request.dailyResetZone());
    for (int i = 0; i < request.scopes().size(); i++) {
      ScopedLimits scoped = request.scopes().get(i);
      if (scoped.limits().tpd() > 0 || scoped.limits().monthlyTokens() > 0) {
        counted.put(scoped.scope(), new Counted(day, answer.tokensToday()[i], answer.tokensThisMonth()[i]));
      }
    }
  }

  /** An admission this process stopped waiting for still lands in Redis: its reservation is given back. */
  private void giveBackWhenDecided(CompletableFuture<RedisQuotaStore.Decided> decided) {
    decided.thenAccept(answer -> {
      if (answer.admission() instanceof Admission.Admitted admitted) {
        toRedis(new UsageJournal.Entry(admitted.reservation(), null, Outcome.BACKEND_ERROR),
            redis.release(admitted.reservation())).subscribe();
      }
    });
  }

  private Mono<Boolean> journal(UsageJournal.Entry entry) {
    return journal.append(entry).thenReturn(true);
  }

  /** Replays the journal in order while Redis answers; stops at the first failure and tries again later. */
  private void replay() {
    if (journal.isEmpty() || !availability.up() || !replaying.compareAndSet(false, true)) {
      return;
    }
    Flux.defer(() -> Mono.justOrEmpty(journal.oldest()))
        .concatMap(entry -> replayOne(entry).then(journal.replayed(entry)))
        .repeat(() -> !journal.isEmpty() && availability.up())
        .doFinally(signal -> replaying.set(false))
        .subscribe(done -> { }, error -> {
          if (ConnectionFailures.isConnectionFailure(error)) {
            availability.down(error);
          }
          log.warn("replaying the usage journal into Redis: {}",
              NestedExceptionUtils.getMostSpecificCause(error).toString());
        }, () -> {
          if (journal.isEmpty()) {
            log.info("usage journal replayed into Redis");
          }
        });
  }

  private Mono<Boolean> replayOne(UsageJournal.Entry entry) {
    return entry.isRelease() ? redis.release(entry.reservation())
        : redis.replay(entry.reservation(), entry.usage(), entry.outcome());
  }
}
