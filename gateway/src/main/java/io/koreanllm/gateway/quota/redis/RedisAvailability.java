package io.koreanllm.gateway.quota.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Whether Redis can be reached, decided from the connection and never from one slow answer: it goes down when a call
 * fails at the connection (refused, reset, closed, not connected) or when a PING on a connection of its own — not
 * the one the admissions queue on — has gone unanswered for {@code downAfter}; it comes back when that PING is
 * answered again.
 */
final class RedisAvailability implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RedisAvailability.class);

  private final LettuceConnectionFactory probeConnections;
  private final ReactiveRedisConnectionFactory connections;
  private final Duration downAfter;
  private final AtomicBoolean up = new AtomicBoolean(true);
  private final AtomicLong outages = new AtomicLong();
  private final Disposable probing;
  private volatile long lastAnsweredNanos = System.nanoTime();

  /**
   * @param probeConnections a connection factory of the probe's own, so its PING does not wait behind admissions;
   *     closed with this
   * @param connections the admissions' own: Redis is back only once they are connected again too
   * @param interval how often the probe pings
   * @param downAfter how long Redis may leave every PING unanswered before it counts as down
   */
  RedisAvailability(LettuceConnectionFactory probeConnections, ReactiveRedisConnectionFactory connections,
      Duration interval, Duration downAfter) {
    this.probeConnections = probeConnections;
    this.connections = connections;
    this.downAfter = downAfter;
    this.probing = Flux.interval(interval, interval, Schedulers.parallel())
        .onBackpressureDrop()
        .concatMap(tick -> probe(), 1)
        .subscribe();
  }

  boolean up() {
    return up.get();
  }

  /** How many times Redis went down since this process started. */
  long outages() {
    return outages.get();
  }

  /** A call failed at the connection: Redis is down until the probe is answered again. */
  void down(Throwable cause) {
    if (up.compareAndSet(true, false)) {
      outages.incrementAndGet();
      log.warn("Redis unreachable ({}): the failure mode applies until it answers again",
          NestedExceptionUtils.getMostSpecificCause(cause).toString());
    }
  }

  /**
   * Pings once now; completes when answered or failed, whatever that tells. While Redis is down, the admissions'
   * connection must answer too before it counts as back: it reconnects on its own schedule.
   */
  Mono<Void> probe() {
    Mono<String> probed = ping(probeConnections);
    return (up() ? probed : probed.then(ping(connections)))
        .doOnNext(pong -> answered())
        .onErrorResume(error -> {
          unanswered(error);
          return Mono.empty();
        })
        .then();
  }

  private Mono<String> ping(ReactiveRedisConnectionFactory factory) {
    // Getting the connection may connect, which blocks: not on a non-blocking thread.
    return Mono.usingWhen(Mono.fromSupplier(factory::getReactiveConnection).subscribeOn(Schedulers.boundedElastic()),
        connection -> connection.ping().timeout(downAfter),
        connection -> connection.closeLater());
  }

  private void answered() {
    lastAnsweredNanos = System.nanoTime();
    if (up.compareAndSet(false, true)) {
      log.info("Redis answers again");
    }
  }

  private void unanswered(Throwable error) {
    if (ConnectionFailures.isConnectionFailure(error)
        || System.nanoTime() - lastAnsweredNanos >= downAfter.toNanos()) {
      down(error);
    }
  }

  @Override
  public void close() {
    probing.dispose();
    probeConnections.destroy();
  }
}
