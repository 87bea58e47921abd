package io.koreanllm.gateway.policy;

import io.koreanllm.policy.Policy;

/**
 * Work a new policy needs before it is put in force (the tokenizers of its models, loaded). Throwing refuses the
 * policy, and the one in force stays.
 */
public interface PolicyPreparation {

  void prepare(Policy policy);
}
