package io.koreanllm.gateway.quota;

import java.time.Duration;

/**
 * The shared quota store is up but did not decide in time (a burst on a busy machine): the request is refused, the
 * failure mode is not entered, and an admission that lands later is given back.
 */
public final class QuotaStoreBusyException extends RuntimeException {

  private final Duration waited;

  public QuotaStoreBusyException(Duration waited) {
    super("the quota store did not decide within " + waited, null, false, false);
    this.waited = waited;
  }

  public Duration waited() {
    return waited;
  }
}
