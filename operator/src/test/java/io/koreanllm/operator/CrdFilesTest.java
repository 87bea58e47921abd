package io.koreanllm.operator;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.koreanllm.operator.api.KoreanLlmTeam;
import io.koreanllm.operator.api.KoreanLlmUser;
import io.koreanllm.operator.api.LlmBackend;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The CRDs in {@code crds/} are what crd-generator-maven-plugin makes of the classes in this build: a class
 * changed without regenerating them fails the build. To update them, run the build with
 * {@code -Dkoreanllm.crds.update=true}. Only the printer columns' order differs from the generator's: the order the
 * classes declare them in ({@link PrinterColumnOrder}).
 */
class CrdFilesTest {

  private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");
  private static final Path COMMITTED = Path.of(System.getProperty("koreanllm.crds.dir", "../crds"));
  private static final Map<String, Class<?>> RESOURCES = Map.of("koreanllmteams.koreanllm.io.yaml",
      KoreanLlmTeam.class, "koreanllmusers.koreanllm.io.yaml", KoreanLlmUser.class, "llmbackends.koreanllm.io.yaml",
      LlmBackend.class);

  @Test
  void kubectlShowsAUsersColumnsInTheirDeclaredOrder() throws IOException {
    CustomResourceDefinition users = new KubernetesSerialization().unmarshal(
        Files.readString(COMMITTED.resolve("koreanllmusers.koreanllm.io.yaml")), CustomResourceDefinition.class);
    assertThat(users.getSpec().getVersions().get(0).getAdditionalPrinterColumns())
        .extracting(CustomResourceColumnDefinition::getName)
        .containsExactly("Display Name", "RPM", "TPM", "Daily Limit", "Used Today", "Ready", "Age");
  }

  @Test
  void kubectlShowsATeamsColumnsInTheirDeclaredOrder() throws IOException {
    CustomResourceDefinition teams = new KubernetesSerialization().unmarshal(
        Files.readString(COMMITTED.resolve("koreanllmteams.koreanllm.io.yaml")), CustomResourceDefinition.class);
    assertThat(teams.getSpec().getVersions().get(0).getAdditionalPrinterColumns())
        .extracting(CustomResourceColumnDefinition::getName, CustomResourceColumnDefinition::getJsonPath)
        .containsExactly(tuple("Display Name", ".spec.displayName"), tuple("Members", ".status.memberCount"),
            tuple("TPD", ".spec.limits.tpd"), tuple("Monthly", ".spec.limits.monthlyTokens"),
            tuple("Used Today", ".status.usedToday"), tuple("Used This Month", ".status.usedThisMonth"),
            tuple("Ready", ".status.conditions[?(@.type==\"Ready\")].status"),
            tuple("Age", ".metadata.creationTimestamp"));
  }

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
        String expected = PrinterColumnOrder.apply(Files.readString(file), RESOURCES.get(name));
        if (update) {
          Files.createDirectories(COMMITTED);
          Files.writeString(committed, expected);
        }
        assertThat(committed).as("crds/%s must be regenerated: build with -Dkoreanllm.crds.update=true", name)
            .exists()
            .hasContent(expected);
      }
    }
    assertThat(generated).containsExactly("koreanllmteams.koreanllm.io.yaml", "koreanllmusers.koreanllm.io.yaml",
        "llmbackends.koreanllm.io.yaml");
    try (Stream<Path> files = Files.list(COMMITTED)) {
      assertThat(files.map(f -> f.getFileName().toString()).sorted())
          .as("crds/ holds only generated CRDs").containsExactlyElementsOf(generated);
    }
  }
}
