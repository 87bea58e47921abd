package io.koreanllm.gateway.tokenize;

import io.koreanllm.gateway.policy.PolicyPreparation;
import io.koreanllm.policy.ModelRoute;
import io.koreanllm.policy.Policy;
import io.koreanllm.tokenizer.ModelTokenizer;
import io.koreanllm.tokenizer.TokenizerCatalog;
import io.koreanllm.tokenizer.TokenizerResolver;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Every model's tokenizer, loaded before a policy naming it is put in force, so a missing file fails the start
 * or the policy change, not a request.
 */
@Component
public class Tokenizers implements PolicyPreparation {

  private static final Logger log = LoggerFactory.getLogger(Tokenizers.class);

  private final TokenizerCatalog catalog = new TokenizerCatalog(TokenizerResolver.fromEnvironment());

  /** Loads what a (new) policy's models need, before it is put in force; fails if one cannot be loaded. */
  @Override
  public void prepare(Policy policy) {
    for (ModelRoute model : policy.models()) {
      ModelTokenizer tokenizer = catalog.get(model.tokenizer());
      log.info("model {}: tokenizer {} loaded", model.name(), tokenizer.name());
    }
  }

  public ModelTokenizer of(ModelRoute model) {
    return catalog.get(model.tokenizer());
  }

  @PreDestroy
  public void close() {
    catalog.close();
  }
}
