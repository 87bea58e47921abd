package io.koreanllm.gateway.quota.redis;

import io.koreanllm.gateway.quota.Admission;
import io.koreanllm.gateway.quota.AdmissionRequest;
import io.koreanllm.gateway.quota.LimitCode;
import io.koreanllm.gateway.quota.QuotaStore;
import io.koreanllm.gateway.quota.RateLimitStatus;
import io.koreanllm.gateway.quota.Reservation;
import io.koreanllm.gateway.quota.UsageSnapshot;
import io.koreanllm.gateway.usage.Outcome;
import io.koreanllm.gateway.usage.RedisLedgerKeys;
import io.koreanllm.gateway.usage.RedisUsageLedger;
import io.koreanllm.gateway.usage.StoredEvent;
import io.koreanllm.gateway.usage.Usage;
import io.koreanllm.gateway.usage.UsageEvent;
import io.koreanllm.policy.EffectiveLimits;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The quota store every gateway replica shares: one Lua script admits (every window, the cooldown and the
 * concurrency cap at once), one settles, each a single round trip. Redis {@code TIME} is the clock, so replicas
 * whose clocks drift still share one view of the windows; tests may pass the gateway's clock instead.
 */
public final class RedisQuotaStore implements QuotaStore {

  private final ReactiveStringRedisTemplate redis;
  private final RedisScripts scripts;
  private final Clock clock;
  private final boolean gatewayClock;
  private final Duration inFlightLease;
  private final Set<String> registered = ConcurrentHashMap.newKeySet();

  public RedisQuotaStore(ReactiveStringRedisTemplate redis, RedisScripts scripts, Clock clock, boolean gatewayClock,
      Duration inFlightLease) {
    this.redis = redis;
    this.scripts = scripts;
    this.clock = clock;
    this.gatewayClock = gatewayClock;
    this.inFlightLease = inFlightLease;
  }

  /** An admission's answer, and the user's tokens of the quota day as Redis counted them at that moment. */
  record Decided(Admission admission, long tokensToday) {
  }

  @Override
  public Mono<Admission> admit(AdmissionRequest request) {
    return decide(request).map(Decided::admission);
  }

  Mono<Decided> decide(AdmissionRequest request) {
    EffectiveLimits limits = request.limits();
    List<String> args = List.of(now(), request.requestId(), Long.toString(request.reservedTokens()),
        Integer.toString(limits.rpm()), Integer.toString(limits.tpm()), Long.toString(limits.tph()),
        Long.toString(limits.tpd()), Long.toString(Duration.ofMinutes(limits.cooldownMinutes()).toMillis()),
        Integer.toString(limits.maxConcurrent()), Long.toString(offsetMillis(request.dailyResetZone())),
        Long.toString(inFlightLease.toMillis()));
    return register(request.user())
        .then(redis.execute(scripts.admit(), RedisKeys.of(request.user()).admission(), args).next())
        .map(ScriptReply::of)
        .map(reply -> new Decided(admission(request, reply), reply.number("day_tokens")));
  }

  @Override
  public Mono<Boolean> settle(Reservation reservation, Usage usage, Outcome outcome) {
    return settle(reservation, usage, outcome, List.of());
  }

  /**
   * Settles usage journaled while Redis was away: like {@link #settle}, and a request Redis never admitted (a
   * gateway admitted it on its own) is added to the windows at its admission time. Once per request id.
   */
  public Mono<Boolean> replay(Reservation reservation, Usage usage, Outcome outcome) {
    return settle(reservation, usage, outcome, List.of(Long.toString(reservation.admittedAt().toEpochMilli()),
        Long.toString(reservation.day().toEpochDay())));
  }

  @Override
  public Mono<Boolean> release(Reservation reservation) {
    return redis.execute(scripts.release(), RedisKeys.of(reservation.user()).release(),
            List.of(now(), reservation.requestId())).next()
        .map(reply -> ScriptReply.of(reply).flag("released"));
  }

  private Mono<Boolean> settle(Reservation reservation, Usage usage, Outcome outcome, List<String> journaled) {
    String event = StoredEvent.text(new UsageEvent(reservation.requestId(), reservation.user(), reservation.model(),
        reservation.admittedAt(), clock.instant(), reservation.day(), usage.promptTokens(), usage.completionTokens(),
        outcome));
    List<String> args = new ArrayList<>(List.of(now(), reservation.requestId(),
        Long.toString(usage.promptTokens()), Long.toString(usage.completionTokens()), event,
        Integer.toString(RedisUsageLedger.EVENTS_KEPT), Integer.toString(RedisUsageLedger.DAYS_KEPT)));
    args.addAll(journaled);
    return redis.execute(scripts.settle(), RedisKeys.of(reservation.user()).settlement(), args).next()
        .map(reply -> ScriptReply.of(reply).flag("settled"));
  }

  @Override
  public Mono<UsageSnapshot> snapshot(String user, ZoneId dailyResetZone) {
    RedisKeys keys = RedisKeys.of(user);
    Instant now = clock.instant();
    long day = LocalDate.ofInstant(now, dailyResetZone).toEpochDay();
    var hash = redis.<String, String>opsForHash();
    return Mono.zip(hash.entries(keys.requests()).collectMap(Map.Entry::getKey, Map.Entry::getValue),
        hash.entries(keys.minuteTokens()).collectMap(Map.Entry::getKey, Map.Entry::getValue),
        hash.entries(keys.hourTokens()).collectMap(Map.Entry::getKey, Map.Entry::getValue),
        hash.multiGet(keys.dayTokens(), List.of(Long.toString(day), day + ":r")),
        redis.opsForValue().get(keys.cooldown()).map(Long::parseLong).defaultIfEmpty(0L),
        hash.size(keys.inFlight()))
        .map(read -> new UsageSnapshot(
            windowSum(read.getT1(), now, 1000), windowSum(read.getT2(), now, 1000),
            windowSum(read.getT3(), now, 60_000), RedisLedgerKeys.number(read.getT4().get(1)),
            RedisLedgerKeys.number(read.getT4().get(0)),
            read.getT6().intValue(),
            read.getT5() > now.toEpochMilli() ? Instant.ofEpochMilli(read.getT5()) : null));
  }

  @Override
  public Mono<Void> reset(String user) {
    return redis.delete(RedisKeys.of(user).usage().toArray(String[]::new)).then();
  }

  /** Loads every script into Redis (every master of a cluster), so the first requests find them there. */
  Mono<Void> loadScripts() {
    return Flux.fromIterable(scripts.all())
        .concatMap(script -> redis.getConnectionFactory().getReactiveConnection().scriptingCommands()
            .scriptLoad(ByteBuffer.wrap(script.getScriptAsString().getBytes(StandardCharsets.UTF_8))))
        .then();
  }

  /** A user's first request through this process lists them for the ledger's readers; later ones cost nothing. */
  private Mono<Void> register(String user) {
    if (registered.contains(user)) {
      return Mono.empty();
    }
    return redis.opsForSet().add(RedisLedgerKeys.USERS, user).doOnSuccess(added -> registered.add(user)).then();
  }

  private String now() {
    return gatewayClock ? Long.toString(clock.millis()) : "";
  }

  private long offsetMillis(ZoneId zone) {
    return zone.getRules().getOffset(clock.instant()).getTotalSeconds() * 1000L;
  }

  private static Admission admission(AdmissionRequest request, ScriptReply reply) {
    RateLimitStatus status = new RateLimitStatus(reply.number("rpm"), reply.number("remaining_requests"),
        Duration.ofMillis(reply.number("reset_requests_ms")), reply.number("tpm"), reply.number("remaining_tokens"),
        Duration.ofMillis(reply.number("reset_tokens_ms")));
    if (!reply.flag("admitted")) {
      return new Admission.Denied(LimitCode.ofCode(reply.text("limit")),
          Duration.ofMillis(reply.number("retry_after_ms")), status);
    }
    Reservation reservation = new Reservation(request.requestId(), request.user(), request.model(),
        request.promptTokens(), request.reservedTokens(), Instant.ofEpochMilli(reply.number("now_ms")),
        LocalDate.ofEpochDay(reply.number("day")));
    return new Admission.Admitted(reservation, status);
  }

  /** The same sum as the admission script's: buckets overlapping the last 60 widths. */
  private static long windowSum(Map<String, String> buckets, Instant now, long widthMillis) {
    long oldest = Math.floorDiv(now.toEpochMilli(), widthMillis) - 60;
    return buckets.entrySet().stream().filter(bucket -> Long.parseLong(bucket.getKey()) >= oldest)
        .mapToLong(bucket -> Long.parseLong(bucket.getValue())).sum();
  }

}
