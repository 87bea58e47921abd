package io.koreanllm.gateway.queue.redis;

import io.koreanllm.gateway.queue.ModelCapacity;
import io.koreanllm.gateway.quota.redis.RedisScripts;
import io.koreanllm.gateway.quota.redis.ScriptReply;
import io.koreanllm.gateway.usage.RedisLedgerKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A model's capacity shared by every replica through Redis: a slot is a lease in one hash (one hash slot per model,
 * so one script decides), taken only while fewer than the capacity are held and no higher class waits at another
 * replica; giving one back publishes on the model's channel, which wakes the others' lines at once. Leases are
 * renewed while their requests run and expire when a replica dies, so its slots come back by themselves.
 */
public final class SharedCapacity implements ModelCapacity, AutoCloseable {

  private static final RedisScript<List<Object>> TAKE = RedisScripts.named("slot-take.lua");
  private static final RedisScript<List<Object>> GIVE = RedisScripts.named("slot-give.lua");
  private static final RedisScript<List<Object>> RENEW = RedisScripts.named("slot-renew.lua");
  private static final Duration LEASE = Duration.ofMinutes(2);
  private static final Duration RENEW_EVERY = Duration.ofSeconds(30);
  /** How long a replica's "a higher class waits here" holds unless said again. */
  private static final Duration WANTED = Duration.ofSeconds(3);

  private final ReactiveStringRedisTemplate redis;
  private final String replica;
  private final int requests;
  private final long tokens;
  private final int reserve;
  private final List<String> keys;
  private final String channel;
  private final Flux<Object> freed;
  private final Set<String> held = ConcurrentHashMap.newKeySet();
  private final Disposable renewing;
  private volatile int advertised = -1;
  private volatile long advertisedAtNanos;

  public SharedCapacity(ReactiveStringRedisTemplate redis, ReactiveRedisMessageListenerContainer listeners,
      String replica, String model, int requests, long tokens, int reserve) {
    this.redis = redis;
    this.replica = replica;
    this.requests = requests;
    this.tokens = tokens;
    this.reserve = reserve;
    String tag = RedisLedgerKeys.tag("model:" + model);
    this.keys = List.of(tag + "slots", tag + "wanted");
    this.channel = "kl:slots:" + model;
    this.freed = listeners.receive(ChannelTopic.of(channel)).map(message -> (Object) message)
        .onErrorResume(error -> Flux.empty()).share();
    this.renewing = Flux.interval(RENEW_EVERY, Schedulers.parallel())
        .concatMap(tick -> renew(advertised).onErrorResume(error -> Mono.empty()), 1)
        .subscribe();
  }

  @Override
  public Mono<Boolean> take(String leaseId, long cost, int lane) {
    return redis.execute(TAKE, keys, List.of("", leaseId, Long.toString(cost), Integer.toString(lane), replica,
            Integer.toString(lane == 0 ? requests : requests - reserve), Long.toString(tokens),
            Long.toString(LEASE.toMillis())))
        .next()
        .map(reply -> ScriptReply.of(reply).flag("taken"))
        .doOnNext(taken -> {
          if (taken) {
            held.add(leaseId);
          }
        });
  }

  @Override
  public Mono<Void> give(String leaseId) {
    held.remove(leaseId);
    return redis.execute(GIVE, keys.subList(0, 1), List.of(leaseId, channel)).then();
  }

  /** Says so when the best class waiting here changed, or a second has passed since it was last said. */
  @Override
  public Mono<Void> waiting(int bestLane) {
    if (bestLane == advertised && System.nanoTime() - advertisedAtNanos < WANTED.toNanos() / 3) {
      return Mono.empty();
    }
    advertised = bestLane;
    advertisedAtNanos = System.nanoTime();
    return renew(bestLane);
  }

  @Override
  public Flux<Object> freedElsewhere() {
    return freed;
  }

  private Mono<Void> renew(int bestLane) {
    List<String> args = new ArrayList<>(List.of("", Long.toString(LEASE.toMillis()), replica,
        Integer.toString(bestLane), Long.toString(WANTED.toMillis())));
    args.addAll(held);
    return redis.execute(RENEW, keys, args).then();
  }

  @Override
  public void close() {
    renewing.dispose();
  }
}
