package io.koreanllm.gateway.config;

import io.koreanllm.gateway.ledger.SqliteUsageLedger;
import io.koreanllm.gateway.openai.BackendUrlFilter;
import io.koreanllm.gateway.openai.Endpoint;
import io.koreanllm.gateway.openai.OpenAiProxyFilter;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.koreanllm.gateway.policy.ConfigMapPolicySource;
import io.koreanllm.gateway.policy.FilePolicySource;
import io.koreanllm.gateway.policy.PolicyHolder;
import io.koreanllm.gateway.policy.PolicySource;
import io.koreanllm.gateway.tokenize.Tokenizers;
import io.koreanllm.gateway.quota.EmbeddedQuotaStore;
import io.koreanllm.gateway.quota.QuotaStore;
import io.koreanllm.gateway.quota.redis.RedisQuotaStore;
import io.koreanllm.gateway.quota.redis.RedisScripts;
import io.koreanllm.gateway.quota.redis.RedisUsageLedger;
import io.koreanllm.gateway.quota.redis.ResilientQuotaStore;
import io.koreanllm.gateway.ledger.UsageLedger;
import io.lettuce.core.ClientOptions;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpMethod;

/** The gateway's route and the beans that are not plain components. */
@Configuration(proxyBeanMethods = false)
public class GatewayConfiguration {

  /** The clock every window is measured with; tests replace it to move time without sleeping. */
  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * One route for the OpenAI endpoints that spend tokens. Its URI is a placeholder: the filter points each request
   * at the backend of the model it names.
   */
  @Bean
  RouteLocator openAiRoutes(RouteLocatorBuilder routes, OpenAiProxyFilter proxy, BackendUrlFilter backendUrl) {
    return routes.routes()
        .route("openai", route -> route.method(HttpMethod.POST)
            .and().path(Endpoint.CHAT_COMPLETIONS.path(), Endpoint.COMPLETIONS.path())
            .filters(filters -> filters.filter(proxy).filter(backendUrl))
            .uri("http://model-backend.invalid"))
        .build();
  }

  @Bean
  PolicyHolder policyHolder(PolicySource source, Tokenizers tokenizers) {
    return new PolicyHolder(source, tokenizers);
  }

  @Bean
  @ConditionalOnProperty(name = "koreanllm.policy-source", havingValue = "files", matchIfMissing = true)
  PolicySource filePolicySource(GatewayProperties properties) {
    return new FilePolicySource(properties.policyFiles());
  }

  /** In a cluster: the operator's ConfigMap, watched, so every replica follows each change. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "koreanllm.policy-source", havingValue = "kubernetes")
  static class KubernetesPolicy {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    KubernetesClient kubernetesClient() {
      return new KubernetesClientBuilder().build();
    }

    @Bean(destroyMethod = "close")
    PolicySource configMapPolicySource(KubernetesClient client, GatewayProperties properties) {
      GatewayProperties.Kubernetes kubernetes = properties.kubernetes();
      String namespace = kubernetes.namespace() != null ? kubernetes.namespace() : client.getNamespace();
      return new ConfigMapPolicySource(client, namespace, kubernetes.policyConfigMap(), kubernetes.policyKey());
    }
  }

  /** One process: state in memory, every settlement in a SQLite file. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "koreanllm.store.type", havingValue = "embedded", matchIfMissing = true)
  static class EmbeddedStore {

    @Bean(destroyMethod = "close")
    SqliteUsageLedger usageLedger(GatewayProperties properties) {
      return new SqliteUsageLedger(properties.store().path());
    }

    @Bean
    QuotaStore quotaStore(Clock clock, SqliteUsageLedger ledger, PolicyHolder policies) {
      EmbeddedQuotaStore store = new EmbeddedQuotaStore(clock, ledger);
      store.restore(policies.current().defaults().dailyResetZone());
      return store;
    }
  }

  /** Every replica shares one Redis (standalone, Sentinel or Cluster, as {@code spring.data.redis.*} says). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "koreanllm.store.type", havingValue = "redis")
  static class SharedStore {

    @Bean(destroyMethod = "close")
    QuotaStore quotaStore(ReactiveStringRedisTemplate redis, Clock clock, GatewayProperties properties) {
      GatewayProperties.Redis settings = properties.store().redis();
      RedisQuotaStore store = new RedisQuotaStore(redis, RedisScripts.load(), clock, settings.gatewayClock(),
          settings.inFlightLease());
      return new ResilientQuotaStore(store, settings.failureMode(), clock, settings.operationTimeout());
    }

    @Bean
    UsageLedger usageLedger(ReactiveStringRedisTemplate redis) {
      return new RedisUsageLedger(redis);
    }

    /**
     * While disconnected, Lettuce would queue commands and run them on reconnect: an admission the gateway had
     * already given up on (and decided alone) would then reserve tokens a second time. Refuse them instead.
     */
    @Bean
    LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
      return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }
  }
}
