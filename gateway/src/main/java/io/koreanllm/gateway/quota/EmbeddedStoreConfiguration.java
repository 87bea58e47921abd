package io.koreanllm.gateway.quota;

import io.koreanllm.gateway.policy.PolicyHolder;
import io.koreanllm.gateway.usage.SqliteUsageLedger;
import io.koreanllm.gateway.usage.UsageRetention;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** One process ({@code koreanllm.store.type: embedded}, the default): state in memory, settlements in SQLite. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "koreanllm.store.type", havingValue = "embedded", matchIfMissing = true)
@EnableConfigurationProperties({EmbeddedStoreConfiguration.Settings.class, UsageRetention.class})
class EmbeddedStoreConfiguration {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedStoreConfiguration.class);

  /** @param path the SQLite file of the ledger */
  @ConfigurationProperties("koreanllm.store")
  record Settings(Path path) {
    Settings {
      path = path == null ? Path.of("data/usage.db") : path;
    }
  }

  @Bean(destroyMethod = "close")
  SqliteUsageLedger usageLedger(Settings settings) {
    return new SqliteUsageLedger(settings.path());
  }

  @Bean
  QuotaStore quotaStore(Clock clock, SqliteUsageLedger ledger, PolicyHolder policies) {
    EmbeddedQuotaStore store = new EmbeddedQuotaStore(clock, ledger);
    store.restore(policies.current().defaults().dailyResetZone());
    return store;
  }

  /** Once at start and then daily, the ledger forgets the quota days past its history. */
  @Bean(destroyMethod = "dispose")
  Disposable ledgerRetention(SqliteUsageLedger ledger, UsageRetention retention, Clock clock,
      PolicyHolder policies) {
    return Flux.interval(Duration.ZERO, Duration.ofDays(1), Schedulers.boundedElastic())
        .concatMap(tick -> ledger.forgetBefore(LocalDate.now(clock.withZone(policies.current().defaults()
                .dailyResetZone())).minusDays(retention.daysKept() - 1L))
            .onErrorResume(error -> {
              log.warn("the usage ledger could not forget its oldest days: {}", error.toString());
              return Mono.empty();
            }))
        .subscribe();
  }
}
