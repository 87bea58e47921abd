package io.koreanllm.gateway.quota;

import io.koreanllm.gateway.policy.PolicyHolder;
import io.koreanllm.gateway.usage.SqliteUsageLedger;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One process ({@code koreanllm.store.type: embedded}, the default): state in memory, settlements in SQLite. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "koreanllm.store.type", havingValue = "embedded", matchIfMissing = true)
@EnableConfigurationProperties(EmbeddedStoreConfiguration.Settings.class)
class EmbeddedStoreConfiguration {

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
}
