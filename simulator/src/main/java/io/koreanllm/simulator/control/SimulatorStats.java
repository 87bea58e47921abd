package io.koreanllm.simulator.control;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * What tests observe of the generation endpoints: how many requests arrived, how many were answered to the end, how
 * many clients went away before the end (the gateway must cancel upstream when its own client leaves), and the last
 * request body exactly as forwarded.
 */
@Component
public class SimulatorStats {

  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong cancelled = new AtomicLong();
  private final AtomicReference<String> lastRequest = new AtomicReference<>();

  /** A generation request with a well-formed JSON body arrived. */
  public void received(String jsonBody) {
    requests.incrementAndGet();
    lastRequest.set(jsonBody);
  }

  /** An answer, streamed or not, was sent to the end. */
  public void completed() {
    completed.incrementAndGet();
  }

  /** The client went away before its answer ended. */
  public void cancelled() {
    cancelled.incrementAndGet();
  }

  public Snapshot snapshot() {
    return new Snapshot(requests.get(), completed.get(), cancelled.get(), lastRequest.get());
  }

  public void reset() {
    requests.set(0);
    completed.set(0);
    cancelled.set(0);
    lastRequest.set(null);
  }

  /**
   * The counters at one moment.
   *
   * @param lastRequest the last body received, embedded verbatim as JSON (it was checked to be JSON on arrival), so a
   *     test reads {@code lastRequest.stream_options.include_usage} directly
   */
  public record Snapshot(long requests, long completed, long cancelled, @JsonRawValue String lastRequest) {}
}
