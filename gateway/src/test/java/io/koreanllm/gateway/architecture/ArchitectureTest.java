package io.koreanllm.gateway.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of the code as tests (DESIGN.md, docs/architecture.md): the gateway's feature packages form
 * no cycle, errors and usage types sit at the bottom, counting never sees the OpenAI request types, the gateway
 * knows neither the operator nor the simulator, and the plain modules (policy, tokenizer) know nothing of Spring,
 * fabric8, Reactor or Netty. Each rule is also run against a fixture that breaks it, so a rule that cannot fail
 * fails here.
 */
class ArchitectureTest {

  private static final String GATEWAY = "io.koreanllm.gateway";
  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.koreanllm.gateway", "io.koreanllm.policy", "io.koreanllm.tokenizer",
          "io.koreanllm.chattemplate", "io.koreanllm.tokencount");
  private static final JavaClasses FIXTURES = new ClassFileImporter().importPackages("io.koreanllm.archfixture");

  /** No cycle between the sub-packages of {@code root}: each feature package may be read on its own. */
  static ArchRule noCycles(String root) {
    return slices().matching(root + ".(*)..").should().beFreeOfCycles();
  }

  /** Plain modules: no Spring, fabric8, Reactor or Netty. */
  static ArchRule plain(String... packages) {
    return noClasses().that().resideInAnyPackage(packages)
        .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "io.fabric8..", "reactor..",
            "io.netty..")
        .because("policy and tokenizer are shared by gateway, operator and simulator, which bring their own "
            + "frameworks (DESIGN.md)");
  }

  @Test
  void theGatewaysFeaturePackagesFormNoCycle() {
    noCycles(GATEWAY).check(MAIN);
  }

  @Test
  void errorsHeadersAndUsageTypesDependOnNoOtherFeature() {
    noClasses().that().resideInAnyPackage(GATEWAY + ".http..", GATEWAY + ".usage..")
        .should().dependOnClassesThat(DescribedPredicate.describe("are in another feature package of the gateway",
            type -> type.getPackageName().startsWith(GATEWAY + ".")
                && !type.getPackageName().startsWith(GATEWAY + ".http")
                && !type.getPackageName().startsWith(GATEWAY + ".usage")))
        .check(MAIN);
  }

  @Test
  void countingNeverSeesTheOpenAiRequestTypes() {
    noClasses().that().resideInAPackage(GATEWAY + ".tokenize..")
        .should().dependOnClassesThat().resideInAnyPackage(GATEWAY + ".openai..", GATEWAY + ".proxy..")
        .check(MAIN);
  }

  @Test
  void theGatewayKnowsNeitherTheOperatorNorTheSimulator() {
    noClasses().that().resideInAPackage(GATEWAY + "..")
        .should().dependOnClassesThat().resideInAnyPackage("io.koreanllm.operator..", "io.koreanllm.simulator..")
        .check(MAIN);
  }

  @Test
  void policyAndTokenizerAreFrameworkFree() {
    plain("io.koreanllm.policy..", "io.koreanllm.tokenizer..", "io.koreanllm.chattemplate..",
        "io.koreanllm.tokencount..").check(MAIN);
  }

  @Test
  void theRulesRejectACycleAndAForbiddenImport() {
    assertThatThrownBy(() -> noCycles("io.koreanllm.archfixture.cycle").check(FIXTURES))
        .isInstanceOf(AssertionError.class).hasMessageContaining("Cycle detected");
    assertThatThrownBy(() -> plain("io.koreanllm.archfixture.plain..").check(FIXTURES))
        .isInstanceOf(AssertionError.class).hasMessageContaining("reactor.core.publisher.Mono");
  }
}
