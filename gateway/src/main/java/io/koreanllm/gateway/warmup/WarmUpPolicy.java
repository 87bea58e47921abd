package io.koreanllm.gateway.warmup;

import io.koreanllm.gateway.policy.PolicySource;
import io.koreanllm.policy.ApiKey;
import io.koreanllm.policy.ApiKeys;
import io.koreanllm.policy.Limits;
import io.koreanllm.policy.ModelRoute;
import io.koreanllm.policy.Policy;
import io.koreanllm.policy.UserPolicy;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Only in the warm-up's private instance ({@link WarmUp}): the policy it reads is the real one with every model's
 * backend replaced by the {@link WarmUpBackend} and its users by one warm-up user, whose limits never refuse. So the
 * warm-up counts with the models' own tokenizers and templates and reaches no real backend and no real user.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(WarmUp.BACKEND)
class WarmUpPolicy {

  static final String USER = "warm-up";
  /** Every limit given as 0, "no limit": nothing is left to inherit from the policy's defaults. */
  private static final Limits NEVER_REFUSED = new Limits(0, 0, 0L, 0L, 0, 0, 0, 0L);

  @Bean
  static BeanPostProcessor warmUpPolicySource(Environment environment) {
    String backend = environment.getRequiredProperty(WarmUp.BACKEND);
    String key = environment.getRequiredProperty(WarmUp.KEY);
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String name) {
        return bean instanceof PolicySource source ? new Rewritten(source, backend, ApiKeys.sha256Hex(key)) : bean;
      }
    };
  }

  static Policy rewrite(Policy policy, String backend, String keyHash) {
    List<ModelRoute> models = policy.models().stream()
        .map(model -> new ModelRoute(model.name(), backend, model.engine(), model.tokenizer(), model.contextLength(),
            model.upstreamModel(), model.capacity(), model.scheduling()))
        .toList();
    UserPolicy user = new UserPolicy(USER, null, null, NEVER_REFUSED, List.of(UserPolicy.ALL_MODELS),
        List.of(new ApiKey(USER, keyHash)), false);
    return new Policy(policy.defaults(), List.of(user), models);
  }

  private record Rewritten(PolicySource source, String backend, String keyHash) implements PolicySource, AutoCloseable {

    @Override
    public Policy read() {
      return rewrite(source.read(), backend, keyHash);
    }

    @Override
    public void watch(Consumer<Policy> changed, Consumer<RuntimeException> invalid) {
      source.watch(policy -> changed.accept(rewrite(policy, backend, keyHash)), invalid);
    }

    @Override
    public String describe() {
      return source.describe() + ", rewritten for the warm-up";
    }

    /** The source's own destroy method (a watched ConfigMap's) is called on this wrapper. */
    @Override
    public void close() throws Exception {
      if (source instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
  }
}
