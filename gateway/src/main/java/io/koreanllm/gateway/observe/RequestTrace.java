package io.koreanllm.gateway.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the gateway learns about one request as it goes: who sent it, for which model, and when each step happened.
 * Filled in along the request path and turned into a {@link RequestRecord} when the request ends.
 */
public final class RequestTrace {

  public static final String UNKNOWN = "unknown";

  private final long arrivedNanos = System.nanoTime();
  private volatile String user = UNKNOWN;
  private volatile String model = UNKNOWN;
  private volatile boolean stream;
  private volatile long decidedNanos;
  private volatile boolean admitted;
  private volatile long forwardedNanos;
  private final AtomicLong firstTokenNanos = new AtomicLong();

  public void identified(String user) {
    this.user = user;
  }

  public void parsed(String model, boolean stream) {
    this.model = model;
    this.stream = stream;
  }

  /** Admitted or refused by the quota store. */
  public void decided(boolean admitted) {
    this.admitted = admitted;
    decidedNanos = System.nanoTime();
  }

  /** Once admitted, the settlement reports how the request ended. */
  public boolean admitted() {
    return admitted;
  }

  public void forwarded() {
    forwardedNanos = System.nanoTime();
  }

  /** The first generated text of a stream arrived; later calls (one per chunk) change nothing and cost a read. */
  public void firstToken() {
    if (firstTokenNanos.get() == 0) {
      firstTokenNanos.compareAndSet(0, System.nanoTime());
    }
  }

  public String user() {
    return user;
  }

  public String model() {
    return model;
  }

  public boolean stream() {
    return stream;
  }

  public boolean wasForwarded() {
    return forwardedNanos != 0;
  }

  /** Refused before admission: nothing charged. */
  public RequestRecord refused(String reason, int status, RequestOutcome outcome) {
    return new RequestRecord(Instant.now(), null, user, model, stream, outcome, reason, status, 0, 0,
        since(arrivedNanos, decidedNanos != 0 ? decidedNanos : System.nanoTime()), null, null);
  }

  /** Settled (or released) after admission, with the tokens charged. */
  public RequestRecord ended(String requestId, RequestOutcome outcome, long promptTokens, long completionTokens) {
    long now = System.nanoTime();
    long firstToken = firstTokenNanos.get();
    return new RequestRecord(Instant.now(), requestId, user, model, stream, outcome, null, 0, promptTokens,
        completionTokens, since(arrivedNanos, decidedNanos), wasForwarded() ? since(forwardedNanos, now) : null,
        stream && firstToken != 0 && wasForwarded() ? since(arrivedNanos, firstToken) : null);
  }

  private static Duration since(long from, long to) {
    return Duration.ofNanos(Math.max(0, to - from));
  }
}
