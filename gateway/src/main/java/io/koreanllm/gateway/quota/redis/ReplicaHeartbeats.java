package io.koreanllm.gateway.quota.redis;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * How many gateway replicas share the quota store: each says it is alive in Redis every {@code interval}, and
 * learns how many others did within three intervals. While Redis is away the last count stands, so each replica
 * can keep only its share of every limit. A floor (the chart gives the configured replica count) covers a replica
 * that starts during an outage and never saw the others.
 */
final class ReplicaHeartbeats implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ReplicaHeartbeats.class);
  static final String KEY = "kl:replicas";

  private final ReactiveStringRedisTemplate redis;
  private final RedisScripts scripts;
  private final String id = UUID.randomUUID().toString();
  private final Duration aliveFor;
  private final int floor;
  private final Disposable beating;
  private volatile int seen = 1;

  ReplicaHeartbeats(ReactiveStringRedisTemplate redis, RedisScripts scripts, Duration interval, int floor) {
    this.redis = redis;
    this.scripts = scripts;
    this.aliveFor = interval.multipliedBy(3);
    this.floor = Math.max(1, floor);
    this.beating = Flux.interval(Duration.ZERO, interval, Schedulers.parallel())
        .onBackpressureDrop()
        .concatMap(tick -> beat(), 1)
        .subscribe();
  }

  /** The replicas sharing each limit: the last count seen, never below the floor. */
  int replicas() {
    return Math.max(seen, floor);
  }

  Mono<Void> beat() {
    return redis.execute(scripts.heartbeat(), List.of(KEY), List.of("", id, Long.toString(aliveFor.toMillis())))
        .next()
        .doOnNext(reply -> seen = (int) ScriptReply.of(reply).number("replicas"))
        .onErrorResume(error -> Mono.empty()) // Redis away: the last count stands
        .then();
  }

  @Override
  public void close() {
    beating.dispose();
    redis.opsForZSet().remove(KEY, id).onErrorResume(error -> Mono.empty())
        .doOnNext(removed -> log.debug("replica {} left", id)).block(Duration.ofSeconds(2));
  }
}
