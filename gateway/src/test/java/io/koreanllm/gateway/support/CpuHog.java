package io.koreanllm.gateway.support;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Processes that keep every core busy, as a noisy neighbour, a pod's CPU limit or a GC storm would: the conditions
 * under which a gateway's answers from Redis come late.
 */
public final class CpuHog implements AutoCloseable {

  private final List<Process> spinners = new ArrayList<>();

  public CpuHog() throws IOException {
    for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
      Process spinner = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
      spinners.add(spinner);
      Runtime.getRuntime().addShutdownHook(new Thread(spinner::destroyForcibly));
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (Process spinner : spinners) {
      spinner.destroyForcibly();
      spinner.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
