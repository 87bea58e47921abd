package io.koreanllm.gateway.quota.redis;

import io.koreanllm.gateway.quota.Admission;
import io.koreanllm.gateway.quota.AdmissionRequest;
import io.koreanllm.gateway.quota.LimitCode;
import io.koreanllm.gateway.quota.QuotaHolder;
import io.koreanllm.gateway.quota.QuotaScope;
import io.koreanllm.gateway.quota.QuotaStore;
import io.koreanllm.gateway.quota.RateLimitStatus;
import io.koreanllm.gateway.quota.Reservation;
import io.koreanllm.gateway.quota.ScopedLimits;
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
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The quota store every gateway replica shares: one Lua script admits (every scope of the request, each window, day
 * and month, the cooldown and the concurrency caps at once), one settles, each a single round trip on one node.
 * Redis {@code TIME} is the clock, so replicas whose clocks drift still share one view of the windows; tests may
 * pass the gateway's clock instead.
 */
public final class RedisQuotaStore implements QuotaStore {

  private final ReactiveStringRedisTemplate redis;
  private final RedisScripts scripts;
  private final Clock clock;
  private final boolean gatewayClock;
  private final Duration inFlightLease;
  private final int daysKept;
  private final Set<RedisLedgerKeys.Owner> registered = ConcurrentHashMap.newKeySet();

  public RedisQuotaStore(ReactiveStringRedisTemplate redis, RedisScripts scripts, Clock clock, boolean gatewayClock,
      Duration inFlightLease, int daysKept) {
    this.redis = redis;
    this.scripts = scripts;
    this.clock = clock;
    this.gatewayClock = gatewayClock;
    this.inFlightLease = inFlightLease;
    this.daysKept = daysKept;
  }

  /**
   * An admission's answer, and each scope's tokens of the quota day and month as Redis counted them at that moment
   * (in the order of the request's scopes).
   */
  record Decided(Admission admission, long[] tokensToday, long[] tokensThisMonth) {
  }

  @Override
  public Mono<Admission> admit(AdmissionRequest request) {
    return decide(request).map(Decided::admission);
  }

  Mono<Decided> decide(AdmissionRequest request) {
    List<String> args = new ArrayList<>(List.of(now(), request.requestId(), Long.toString(request.reservedTokens()),
        Long.toString(offsetMillis(request.dailyResetZone())), Long.toString(inFlightLease.toMillis()),
        Long.toString(Duration.ofMinutes(request.limits().cooldownMinutes()).toMillis())));
    for (ScopedLimits scoped : request.scopes()) {
      EffectiveLimits limits = scoped.limits();
      args.addAll(List.of(Integer.toString(limits.rpm()), Integer.toString(limits.tpm()), Long.toString(limits.tph()),
          Long.toString(limits.tpd()), Long.toString(limits.monthlyTokens()), Integer.toString(limits.maxConcurrent()),
          scoped.scope().isUsers() ? "1" : "0"));
    }
    List<QuotaScope> scopes = request.scopes().stream().map(ScopedLimits::scope).toList();
    return redis.execute(scripts.admit(), RedisKeys.of(request.holder()).scopes(scopes), args).next()
        .map(ScriptReply::of)
        .map(reply -> new Decided(admission(request, scopes, reply), numbers(reply.text("day_tokens")),
            numbers(reply.text("month_tokens"))));
  }

  @Override
  public Mono<Boolean> settle(Reservation reservation, Usage usage, Outcome outcome) {
    return settle(reservation, usage, outcome, false);
  }

  /**
   * Settles usage journaled while Redis was away: like {@link #settle}, and a scope that never held the request (a
   * gateway admitted it on its own) counts it at its admission time. Once per request id.
   */
  public Mono<Boolean> replay(Reservation reservation, Usage usage, Outcome outcome) {
    return settle(reservation, usage, outcome, true);
  }

  /**
   * Redis runs one connection's commands in the order they were written, and a command is written when its Mono is
   * subscribed: the one connection this process shares (in a cluster, the one to the node of the holder's keys, which
   * the admission opened) runs every later admission and read of those keys after the settlement.
   */
  @Override
  public boolean inEffectOnceBegun(Reservation reservation) {
    return true;
  }

  @Override
  public Mono<Boolean> release(Reservation reservation) {
    return redis.execute(scripts.release(), RedisKeys.of(reservation.holder()).release(reservation.scopes()),
            List.of(now(), reservation.requestId(), Long.toString(reservation.reservedTokens()),
                Long.toString(reservation.admittedAt().toEpochMilli()),
                Long.toString(reservation.day().toEpochDay()))).next()
        .map(reply -> ScriptReply.of(reply).flag("released"));
  }

  private Mono<Boolean> settle(Reservation reservation, Usage usage, Outcome outcome, boolean journaled) {
    String event = StoredEvent.text(new UsageEvent(reservation.requestId(), reservation.user(), reservation.team(),
        reservation.model(), reservation.admittedAt(), clock.instant(), reservation.day(), usage.promptTokens(),
        usage.completionTokens(), outcome));
    List<String> args = List.of(now(), reservation.requestId(), Long.toString(usage.promptTokens()),
        Long.toString(usage.completionTokens()), event, Integer.toString(RedisUsageLedger.EVENTS_KEPT),
        Integer.toString(daysKept), Long.toString(reservation.reservedTokens()),
        Long.toString(reservation.admittedAt().toEpochMilli()), Long.toString(reservation.day().toEpochDay()),
        reservation.model(), journaled ? "1" : "0");
    RedisLedgerKeys.Owner owner = new RedisLedgerKeys.Owner(reservation.holder().user(), reservation.holder().team());
    Mono<Boolean> settled = redis.execute(scripts.settle(),
            RedisKeys.of(reservation.holder()).settlement(reservation.scopes()), args)
        .next()
        .map(ScriptReply::of)
        .flatMap(reply -> (reply.flag("new_ledger") ? list(owner) : Mono.<Void>empty())
            .thenReturn(reply.flag("settled")));
    if (registered.contains(owner)) {
      return settled;
    }
    // Listed before the settlement is written, on the same connection (zip subscribes, so writes, in this order): a
    // read of the ledgers after the answer finds it.
    return Mono.zip(list(owner).thenReturn(true), settled, (listed, settledNow) -> settledNow);
  }

  @Override
  public Mono<UsageSnapshot> snapshot(QuotaHolder holder, QuotaScope scope, ZoneId dailyResetZone) {
    RedisKeys keys = RedisKeys.of(holder);
    var hash = redis.<String, String>opsForHash();
    return Mono.zip(hash.entries(keys.scope(scope)).collectMap(Map.Entry::getKey, Map.Entry::getValue),
            hash.entries(keys.flights(scope)).collectMap(Map.Entry::getKey, Map.Entry::getValue))
        .map(read -> ScopeHash.snapshot(read.getT1(), read.getT2(), clock.instant(), dailyResetZone));
  }

  @Override
  public Mono<Void> reset(QuotaHolder holder, Collection<String> models) {
    return redis.delete(RedisKeys.of(holder).usersOwn(holder.user(), models).toArray(String[]::new)).then();
  }

  /** Loads every script into Redis (every master of a cluster), so the first requests find them there. */
  Mono<Void> loadScripts() {
    return Flux.fromIterable(scripts.all())
        .concatMap(script -> redis.getConnectionFactory().getReactiveConnection().scriptingCommands()
            .scriptLoad(ByteBuffer.wrap(script.getScriptAsString().getBytes(StandardCharsets.UTF_8))))
        .then();
  }

  /**
   * Lists a ledger for the ledger's readers with its first settlement through this process, and again after a
   * settlement that found no ledger: Redis lost it (a flush, a restart without persistence, a failover), and the list
   * of ledgers with it (listed then once the settlement's reply is in). Other settlements cost nothing.
   */
  private Mono<Void> list(RedisLedgerKeys.Owner owner) {
    return redis.opsForSet().add(RedisLedgerKeys.LEDGERS, owner.member())
        .doOnSuccess(added -> registered.add(owner)).then();
  }

  private String now() {
    return gatewayClock ? Long.toString(clock.millis()) : "";
  }

  private long offsetMillis(ZoneId zone) {
    return zone.getRules().getOffset(clock.instant()).getTotalSeconds() * 1000L;
  }

  private static Admission admission(AdmissionRequest request, List<QuotaScope> scopes, ScriptReply reply) {
    RateLimitStatus status = new RateLimitStatus(reply.number("rpm"), reply.number("remaining_requests"),
        Duration.ofMillis(reply.number("reset_requests_ms")), reply.number("tpm"), reply.number("remaining_tokens"),
        Duration.ofMillis(reply.number("reset_tokens_ms")));
    if (!reply.flag("admitted")) {
      return new Admission.Denied(LimitCode.ofCode(reply.text("limit")),
          scopes.get((int) reply.number("scope") - 1), Duration.ofMillis(reply.number("retry_after_ms")), status);
    }
    Reservation reservation = new Reservation(request.requestId(), request.holder(), request.model(), scopes,
        request.promptTokens(), request.reservedTokens(), Instant.ofEpochMilli(reply.number("now_ms")),
        LocalDate.ofEpochDay(reply.number("day")));
    return new Admission.Admitted(reservation, status);
  }

  private static long[] numbers(String spaced) {
    return Arrays.stream(spaced.split(" ")).mapToLong(Long::parseLong).toArray();
  }
}
