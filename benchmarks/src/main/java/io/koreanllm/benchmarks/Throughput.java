package io.koreanllm.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** UTF-8 bytes and tokens counted, which JMH reports per second next to prompts per second. */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Throughput {

  public long bytes;
  public long tokens;

  @Setup(Level.Iteration)
  public void reset() {
    bytes = 0;
    tokens = 0;
  }

  int add(int promptBytes, int promptTokens) {
    bytes += promptBytes;
    tokens += promptTokens;
    return promptTokens;
  }
}
