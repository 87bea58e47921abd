package io.koreanllm.gateway.warmup;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/** The JIT's work as the JVM reports it: how long its compilers have spent compiling, all together. */
final class JitActivity {

  private final CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();

  /** False without a JIT ({@code -Xint}) or where the JVM does not time its compilations. */
  boolean measurable() {
    return compiler != null && compiler.isCompilationTimeMonitoringSupported();
  }

  long compilingMillis() {
    return compiler.getTotalCompilationTime();
  }
}
