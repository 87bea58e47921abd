package io.koreanllm.gateway.policy;

import io.koreanllm.policy.Policy;
import java.util.function.Supplier;

/**
 * A policy that did not fit in the gateway's heap while it was read. Reading is where a policy's size shows (its
 * parsed document is several times the policy it becomes), and what the read allocated is garbage once it failed,
 * so the policy in force stays and the gateway goes on; without this the error would end a reload's request unanswered.
 */
public final class PolicyTooLargeException extends RuntimeException {

  private PolicyTooLargeException(String message) {
    super(message);
  }

  /** Runs {@code read}; running out of heap in it becomes this exception, naming {@code source} and the heap. */
  public static Policy whileReading(String source, Supplier<Policy> read) {
    try {
      return read.get();
    } catch (OutOfMemoryError e) {
      long heapMb = Runtime.getRuntime().maxMemory() >> 20;
      throw new PolicyTooLargeException("the policy from " + source + " did not fit in the gateway's heap of "
          + heapMb + " MB while it was read; give the gateway a larger -Xmx (GATEWAY_JAVA_OPTS, or the chart's "
          + "gateway.javaOptions and its memory limit)");
    }
  }
}
