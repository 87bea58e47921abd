package io.koreanllm.helm;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Helm installs the CRDs from the chart's crds/: it must hold exactly what the operator's classes generate. */
class CrdCopyTest {

  @Test
  void theChartsCrdsEqualTheGeneratedOnesByteForByte() throws IOException {
    Path generated = Path.of(System.getProperty("koreanllm.crds.dir", "../crds"));
    Path inChart = Chart.DIR.resolve("crds");
    List<String> names = fileNames(generated);
    assertThat(names).isNotEmpty();
    assertThat(fileNames(inChart)).isEqualTo(names);
    for (String name : names) {
      assertThat(Files.readAllBytes(inChart.resolve(name))).as(name)
          .isEqualTo(Files.readAllBytes(generated.resolve(name)));
    }
  }

  private static List<String> fileNames(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }
}
