package io.koreanllm.gateway.quota.redis;

import io.koreanllm.gateway.quota.QuotaStore;
import io.koreanllm.gateway.usage.RedisUsageLedger;
import io.koreanllm.gateway.usage.UsageLedger;
import io.koreanllm.gateway.usage.UsageRetention;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.util.unit.DataSize;

/**
 * Every replica shares one Redis ({@code koreanllm.store.type: redis}; standalone, Sentinel or Cluster, as
 * {@code spring.data.redis.*} says). The store is ready before the gateway is: connected and its scripts loaded.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "koreanllm.store.type", havingValue = "redis")
@EnableConfigurationProperties({RedisStoreConfiguration.Settings.class, UsageRetention.class})
class RedisStoreConfiguration {

  private static final Logger log = LoggerFactory.getLogger(RedisStoreConfiguration.class);
  private static final Duration STARTUP_WAIT = Duration.ofSeconds(10);

  /**
   * docs/configuration.md explains each.
   *
   * @param failureMode what to do while Redis is unreachable: {@code local}, {@code closed} or {@code open}
   * @param admissionWait how long a request waits for Redis to decide before it is refused as busy (503)
   * @param downAfter how long Redis may leave the health probe's PING unanswered before it counts as down
   * @param probeInterval how often the health probe pings, on a connection of its own
   * @param heartbeatInterval how often this replica tells Redis it is alive (replicas share limits while it is down)
   * @param replicasFloor the replicas assumed at least, whatever the heartbeats say (the chart's replica count)
   * @param journalPath the file settlements wait in while Redis is down
   * @param journalMaxSize past this the journal is full, and nothing more is admitted without Redis
   * @param journalForceInterval how often the journal is forced to disk (a power loss may lose that much)
   * @param gatewayClock measure windows with the gateway's clock instead of Redis {@code TIME} (tests only: replicas
   *     would each bring their own clock)
   * @param inFlightLease how long a request in flight holds its concurrency slot if its gateway dies before settling
   */
  @ConfigurationProperties("koreanllm.store.redis")
  record Settings(FailureMode failureMode, Duration admissionWait, Duration downAfter, Duration probeInterval,
      Duration heartbeatInterval, int replicasFloor, Path journalPath, DataSize journalMaxSize,
      Duration journalForceInterval, boolean gatewayClock, Duration inFlightLease) {
    Settings {
      failureMode = failureMode == null ? FailureMode.LOCAL : failureMode;
      admissionWait = admissionWait == null ? Duration.ofSeconds(10) : admissionWait;
      downAfter = downAfter == null ? Duration.ofSeconds(10) : downAfter;
      probeInterval = probeInterval == null ? Duration.ofSeconds(1) : probeInterval;
      heartbeatInterval = heartbeatInterval == null ? Duration.ofSeconds(5) : heartbeatInterval;
      replicasFloor = Math.max(1, replicasFloor);
      journalPath = journalPath == null ? Path.of("data/usage-journal.jsonl") : journalPath;
      journalMaxSize = journalMaxSize == null ? DataSize.ofMegabytes(64) : journalMaxSize;
      journalForceInterval = journalForceInterval == null ? Duration.ofMillis(100) : journalForceInterval;
      inFlightLease = inFlightLease == null ? Duration.ofMinutes(10) : inFlightLease;
    }
  }

  @Bean
  RedisScripts redisScripts() {
    return RedisScripts.load();
  }

  @Bean(destroyMethod = "close")
  RedisAvailability redisAvailability(LettuceConnectionFactory connections, Settings settings) {
    return new RedisAvailability(probeConnections(connections), connections, settings.probeInterval(),
        settings.downAfter());
  }

  /**
   * The health probe's connections: a factory of its own, to the same Redis, so its PING never waits behind the
   * admissions (not a bean: it would take the place of Spring Boot's own).
   */
  private static LettuceConnectionFactory probeConnections(LettuceConnectionFactory connections) {
    RedisConfiguration target = connections.isClusterAware() ? connections.getClusterConfiguration()
        : connections.isRedisSentinelAware() ? connections.getSentinelConfiguration()
            : connections.getStandaloneConfiguration();
    LettuceConnectionFactory probe = new LettuceConnectionFactory(target, connections.getClientConfiguration());
    probe.afterPropertiesSet();
    probe.start();
    return probe;
  }

  @Bean(destroyMethod = "close")
  ReplicaHeartbeats replicaHeartbeats(ReactiveStringRedisTemplate redis, RedisScripts scripts, Settings settings) {
    return new ReplicaHeartbeats(redis, scripts, settings.heartbeatInterval(), settings.replicasFloor());
  }

  @Bean(destroyMethod = "close")
  UsageJournal usageJournal(Settings settings) {
    return new UsageJournal(settings.journalPath(), settings.journalMaxSize().toBytes(),
        settings.journalForceInterval());
  }

  @Bean(destroyMethod = "close")
  QuotaStore quotaStore(ReactiveStringRedisTemplate template, RedisScripts scripts, RedisAvailability availability,
      ReplicaHeartbeats replicas, UsageJournal journal, Clock clock, Settings settings, UsageRetention retention) {
    RedisQuotaStore redis = new RedisQuotaStore(template, scripts, clock, settings.gatewayClock(),
        settings.inFlightLease(), retention.daysKept());
    // Connected, scripts loaded, the probe answered: the first requests are as fast as later ones.
    try {
      redis.loadScripts().then(availability.probe()).then(replicas.beat()).block(STARTUP_WAIT);
    } catch (RuntimeException e) {
      availability.down(e);
      log.warn("Redis unreachable at start ({}): failure mode {} until it answers", e.toString(),
          settings.failureMode());
    }
    return new ResilientQuotaStore(redis, availability, replicas, journal, settings.failureMode(), clock,
        settings.admissionWait());
  }

  @Bean
  UsageLedger usageLedger(ReactiveStringRedisTemplate redis) {
    return new RedisUsageLedger(redis);
  }

  /**
   * While disconnected, Lettuce would queue commands and run them on reconnect: an admission the gateway had already
   * decided alone would then reserve tokens a second time. Refuse them instead.
   */
  @Bean
  LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
    return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
  }

  /** After an outage, reconnect within two seconds of Redis's return (Lettuce's default backs off to 30 s). */
  @Bean
  ClientResourcesBuilderCustomizer reconnectSoon() {
    return resources -> resources.reconnectDelay(
        Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS));
  }
}
