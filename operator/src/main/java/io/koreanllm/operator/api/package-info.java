/**
 * The custom resources of group {@code koreanllm.io}, version {@code v1alpha1}: {@link KoreanLlmUser},
 * {@link KoreanLlmTeam} and {@link LlmBackend}. crd-generator-maven-plugin turns these classes into the CRDs in
 * {@code crds/}; every {@code @JsonPropertyDescription} becomes the field's documentation in {@code kubectl explain}.
 */
package io.koreanllm.operator.api;
