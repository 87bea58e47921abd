package io.koreanllm.gateway.quota;

/** The shared quota store cannot be reached and the failure mode is {@code closed}: nothing is admitted. */
public final class QuotaStoreUnavailableException extends RuntimeException {

  public QuotaStoreUnavailableException(Throwable cause) {
    super("the quota store is unreachable", cause);
  }
}
