package io.koreanllm.gateway.quota.redis;

import io.koreanllm.gateway.quota.Admission;
import io.koreanllm.gateway.quota.AdmissionRequest;
import io.koreanllm.gateway.quota.LocalQuotas;
import io.koreanllm.gateway.quota.QuotaStore;
import io.koreanllm.gateway.quota.QuotaStoreUnavailableException;
import io.koreanllm.gateway.quota.RateLimitStatus;
import io.koreanllm.gateway.quota.Reservation;
import io.koreanllm.gateway.quota.UsageSnapshot;
import io.koreanllm.gateway.usage.Outcome;
import io.koreanllm.gateway.usage.Usage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The Redis store with a plan for when Redis is away. After a failed call Redis is left alone for a moment (so
 * requests do not each wait out a timeout) and the {@link FailureMode} decides admissions; every settlement that
 * could not reach Redis goes into a journal, replayed in order once Redis answers. Replays are idempotent by
 * request id, so nothing is counted twice; the journal lives in memory, so a gateway that dies during an outage
 * loses what it had not replayed.
 */
public final class ResilientQuotaStore implements QuotaStore, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ResilientQuotaStore.class);
  private static final Duration PAUSE_AFTER_FAILURE = Duration.ofSeconds(1);
  private static final RateLimitStatus UNLIMITED = new RateLimitStatus(0, 0, Duration.ZERO, 0, 0, Duration.ZERO);

  /** A settlement waiting for Redis; {@code usage} null for a release. */
  private record Settled(Reservation reservation, Usage usage, Outcome outcome) {

    Mono<Boolean> replayInto(RedisQuotaStore redis) {
      return usage == null ? redis.release(reservation) : redis.replay(reservation, usage, outcome);
    }
  }

  private final RedisQuotaStore redis;
  private final LocalQuotas local;
  private final FailureMode mode;
  private final Clock clock;
  private final Duration timeout;
  /** Requests this replica admitted without Redis: Redis has no reservation of theirs to settle. */
  private final Set<String> admittedAlone = ConcurrentHashMap.newKeySet();
  private final Queue<Settled> journal = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean replaying = new AtomicBoolean();
  private final Disposable replayer;
  /** Until when Redis is left alone, on the monotonic clock: an outage is wall time, not quota time. */
  private volatile long redisAwayUntilNanos = System.nanoTime();

  public ResilientQuotaStore(RedisQuotaStore redis, FailureMode mode, Clock clock, Duration timeout) {
    this.redis = redis;
    this.local = new LocalQuotas(clock);
    this.mode = mode;
    this.clock = clock;
    this.timeout = timeout;
    this.replayer = Flux.interval(Duration.ofMillis(250), Schedulers.single()).subscribe(tick -> replay());
  }

  @Override
  public Mono<Admission> admit(AdmissionRequest request) {
    if (redisAway()) {
      return admitAlone(request, null);
    }
    return redis.admit(request).timeout(timeout)
        .onErrorResume(ResilientQuotaStore::unreachable, error -> admitAlone(request, error));
  }

  @Override
  public Mono<Boolean> settle(Reservation reservation, Usage usage, Outcome outcome) {
    if (admittedAlone.remove(reservation.requestId())) {
      if (mode == FailureMode.LOCAL) {
        local.settle(reservation, usage);
      }
      return journal(new Settled(reservation, usage, outcome));
    }
    return toRedis(new Settled(reservation, usage, outcome), redis.settle(reservation, usage, outcome));
  }

  @Override
  public Mono<Boolean> release(Reservation reservation) {
    if (admittedAlone.remove(reservation.requestId())) {
      // Redis never saw it; only the local windows, if any, held it.
      return Mono.just(mode != FailureMode.LOCAL || local.release(reservation));
    }
    return toRedis(new Settled(reservation, null, Outcome.BACKEND_ERROR), redis.release(reservation));
  }

  /** Runs a settlement or release in Redis now, or journals it when Redis is away or others wait before it. */
  private Mono<Boolean> toRedis(Settled settled, Mono<Boolean> now) {
    if (redisAway() || !journal.isEmpty()) {
      return journal(settled); // after what is already waiting: the journal replays in order
    }
    return now.timeout(timeout).onErrorResume(ResilientQuotaStore::unreachable, error -> {
      away(error);
      return journal(settled);
    });
  }

  @Override
  public Mono<UsageSnapshot> snapshot(String user, ZoneId dailyResetZone) {
    return redis.snapshot(user, dailyResetZone).timeout(timeout)
        .onErrorResume(ResilientQuotaStore::unreachable, error -> Mono.just(local.snapshot(user, dailyResetZone)));
  }

  @Override
  public Mono<Void> reset(String user) {
    local.reset(user);
    return redis.reset(user).timeout(timeout);
  }

  /** Settlements waiting for Redis. */
  public int journaled() {
    return journal.size();
  }

  @Override
  public void close() {
    replayer.dispose();
  }

  private Mono<Admission> admitAlone(AdmissionRequest request, Throwable error) {
    if (error != null) {
      away(error);
    }
    switch (mode) {
      case CLOSED:
        return Mono.error(new QuotaStoreUnavailableException(error));
      case OPEN:
        admittedAlone.add(request.requestId());
        Instant now = clock.instant();
        return Mono.just(new Admission.Admitted(new Reservation(request.requestId(), request.user(),
            request.model(), request.promptTokens(), request.reservedTokens(), now,
            LocalDate.ofInstant(now, request.dailyResetZone())), UNLIMITED));
      default:
        Admission admission = local.admit(request);
        if (admission instanceof Admission.Admitted) {
          admittedAlone.add(request.requestId());
        }
        return Mono.just(admission);
    }
  }

  private Mono<Boolean> journal(Settled settled) {
    journal.add(settled);
    return Mono.just(true);
  }

  /** Replays the journal in order while Redis answers; stops at the first failure and tries again later. */
  private void replay() {
    if (journal.isEmpty() || redisAway() || !replaying.compareAndSet(false, true)) {
      return;
    }
    Flux.defer(() -> Mono.justOrEmpty(journal.peek()))
        .concatMap(next -> next.replayInto(redis).timeout(timeout)
            .doOnSuccess(done -> journal.remove(next)))
        .repeat(() -> !journal.isEmpty())
        .doOnError(ResilientQuotaStore::unreachable, this::away)
        .doFinally(signal -> replaying.set(false))
        .subscribe(done -> { }, error -> log.warn("replaying the usage journal into Redis: {}", error.toString()),
            () -> log.info("usage journal replayed into Redis"));
  }

  private boolean redisAway() {
    return System.nanoTime() - redisAwayUntilNanos < 0;
  }

  private void away(Throwable error) {
    if (!redisAway()) {
      log.warn("Redis unreachable ({}); failure mode {} for now", error.toString(), mode);
    }
    redisAwayUntilNanos = System.nanoTime() + PAUSE_AFTER_FAILURE.toNanos();
  }

  private static boolean unreachable(Throwable error) {
    return error instanceof DataAccessException || error instanceof TimeoutException
        || error instanceof io.lettuce.core.RedisException;
  }
}
