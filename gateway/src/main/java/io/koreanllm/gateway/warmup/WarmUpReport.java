package io.koreanllm.gateway.warmup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Says in this instance's log what the warm-up before it did ({@link WarmUp}), once it has started. */
@Component
class WarmUpReport {

  private static final Logger log = LoggerFactory.getLogger(WarmUpReport.class);

  private final ObjectProvider<WarmUpResult> result;

  WarmUpReport(ObjectProvider<WarmUpResult> result) {
    this.result = result;
  }

  @EventListener(ApplicationReadyEvent.class)
  void report() {
    WarmUpResult warmUp = result.getIfAvailable();
    if (warmUp == null) {
      return;
    }
    if (warmUp.error() != null) {
      log.warn("warm-up: stopped after {} ms, the gateway starts without it: {}", warmUp.took().toMillis(),
          warmUp.error());
    } else if (warmUp.failed() > 0) {
      log.warn("warm-up: {} of {} requests through the request path failed ({} ms): what they did not reach starts "
          + "uncompiled", warmUp.failed(), warmUp.requests(), warmUp.took().toMillis());
    } else {
      log.info("warm-up: {} requests through the request path{} in {} ms, {}, before this instance started",
          warmUp.requests(), warmUp.scripts() > 0 ? " (" + warmUp.scripts() + " Redis scripts, a stand-in's)" : "",
          warmUp.took().toMillis(), warmUp.settled() ? "the JIT settled" : "the JIT not seen to settle");
    }
  }
}
