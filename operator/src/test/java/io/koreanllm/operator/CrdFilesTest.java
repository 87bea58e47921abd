package io.koreanllm.operator;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CRDs in {@code crds/} are what crd-generator-maven-plugin makes of the classes in this build: a class
 * changed without regenerating them fails the build. To update them, run the build with
 * {@code -Dkoreanllm.crds.update=true}.
 */
class CrdFilesTest {

  private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");
  private static final Path COMMITTED = Path.of(System.getProperty("koreanllm.crds.dir", "../crds"));

  @Test
  void committedCrdsAreTheGeneratedOnes() throws IOException {
    boolean update = Boolean.getBoolean("koreanllm.crds.update");
    List<String> generated = new ArrayList<>();
    try (Stream<Path> files = Files.list(GENERATED)) {
      for (Path file : files.filter(f -> f.toString().endsWith("-v1.yml")).sorted().toList()) {
        // koreanllmusers.koreanllm.io-v1.yml → koreanllmusers.koreanllm.io.yaml
        String name = file.getFileName().toString().replace("-v1.yml", ".yaml");
        generated.add(name);
        Path committed = COMMITTED.resolve(name);
        if (update) {
          Files.createDirectories(COMMITTED);
          Files.copy(file, committed, StandardCopyOption.REPLACE_EXISTING);
        }
        assertThat(committed).as("crds/%s must be regenerated: build with -Dkoreanllm.crds.update=true", name)
            .exists()
            .hasSameBinaryContentAs(file);
      }
    }
    assertThat(generated).containsExactly("koreanllmusers.koreanllm.io.yaml", "llmbackends.koreanllm.io.yaml");
    try (Stream<Path> files = Files.list(COMMITTED)) {
      assertThat(files.map(f -> f.getFileName().toString()).sorted())
          .as("crds/ holds only generated CRDs").containsExactlyElementsOf(generated);
    }
  }
}
