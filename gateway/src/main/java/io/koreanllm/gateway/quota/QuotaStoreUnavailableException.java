package io.koreanllm.gateway.quota;

/**
 * The shared quota store cannot be reached and nothing may be admitted without it (failure mode {@code closed}, or
 * the journal that would have to record the usage is full).
 */
public final class QuotaStoreUnavailableException extends RuntimeException {

  public QuotaStoreUnavailableException(String reason) {
    super(reason, null, false, false);
  }
}
