package io.koreanllm.gateway.parity;

/** A conversation's prompt tokens as the backend counted them, and how it was asked. */
record BackendCount(int tokens, CountingMethod method) {
}
