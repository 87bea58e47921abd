/**
 * The policy document: the contract between the operator, which writes it, and the gateway, which enforces it.
 *
 * <p>A {@link io.koreanllm.policy.Policy} holds the {@link io.koreanllm.policy.Defaults}, the teams
 * ({@link io.koreanllm.policy.TeamPolicy}: limits their members share), the users
 * ({@link io.koreanllm.policy.UserPolicy}: limits, per-model limits, team, priority class, allowed models, API-key
 * hashes) and the models ({@link io.koreanllm.policy.ModelRoute}: backend, engine, tokenizer, upstream name,
 * capacity, scheduling). {@link io.koreanllm.policy.PolicyReader}
 * reads it from YAML or JSON (locally {@code config/users.yaml} + {@code config/models.yaml}, or the seed tools'
 * {@code korean_users.yaml}) and validates it, reporting every problem at once in a
 * {@link io.koreanllm.policy.PolicyException}; {@link io.koreanllm.policy.PolicyWriter} writes it deterministically
 * (the operator's ConfigMap). A plain API key may appear in a local file but never in a {@code Policy}: it is
 * hashed while reading.
 *
 * <p>Plain Java on purpose: no Spring, no fabric8, so both the gateway and the operator can depend on it.
 */
package io.koreanllm.policy;
