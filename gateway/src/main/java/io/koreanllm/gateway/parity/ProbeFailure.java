package io.koreanllm.gateway.parity;

/** Why a model's counts could not be compared; its message is what /health shows as the parity's detail. */
final class ProbeFailure extends RuntimeException {

  ProbeFailure(String message) {
    super(message, null, false, false);
  }
}
