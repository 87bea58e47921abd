package io.koreanllm.gateway.proxy;

import io.koreanllm.gateway.openai.OpenAiRequest;
import io.koreanllm.policy.ModelRoute;
import io.koreanllm.policy.Policy;
import io.koreanllm.policy.UserPolicy;

/**
 * A request to a model route that passed every check before admission: a known user may use the model, the body is
 * a valid OpenAI request, its prompt is counted and its budget fits the model. The policy is the one it was read
 * under, so a policy change mid-request changes nothing for it.
 */
record ModelRequest(String requestId, Policy policy, UserPolicy user, ModelRoute model, OpenAiRequest request,
    TokenBudget budget) {
}
