package io.koreanllm.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A policy of 100,000 users is read in a heap not much larger than the policy it becomes (about 60 MB): its users are
 * parsed one at a time. Read as one tree it needed between 160 and 200 MB, so a gateway holding one such policy could
 * not reload it in its default 256 MB heap. Run in a JVM of its own, whose heap is the point.
 */
class LargePolicyHeapTest {

  private static final int USERS = 100_000;
  private static final String HEAP = "-Xmx112m";

  @Test
  void aPolicyOfOneHundredThousandUsersIsReadInA112MbHeap(@TempDir Path dir) throws Exception {
    StringBuilder yaml = new StringBuilder("users:\n");
    for (int i = 1; i <= USERS; i++) {
      yaml.append("  - name: u").append(i).append("\n    displayName: 사용자").append(i)
          .append("\n    keys: [{key: \"sk-scale-").append(i).append("-0123456789abcdef\"}]\n");
    }
    Path users = Files.writeString(dir.resolve("users.yaml"), yaml);
    Path out = dir.resolve("out.txt");

    Process read = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        HEAP, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), Read.class.getName(),
        users.toString())).redirectErrorStream(true).redirectOutput(out.toFile()).start();

    assertThat(read.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(Files.readString(out)).contains("read " + USERS + " users").doesNotContain("OutOfMemoryError");
    assertThat(read.exitValue()).isZero();
  }

  /** Reads the policy in the small heap and says how many users it holds. */
  static final class Read {
    public static void main(String[] args) {
      Policy policy = new PolicyReader().read(Path.of(args[0]));
      System.out.println("read " + policy.users().size() + " users");
    }
  }
}
