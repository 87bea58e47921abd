package io.koreanllm.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * The parent pom's {@code no-server-frameworks} rule (the Maven enforcer's bannedDependencies), which the plain-Java
 * modules switch on. A nested offline Maven validates a fixture reactor of two modules that inherit from the real
 * parent pom and declare the same dependencies: a third-party library that brings Netty and Reactor in
 * transitively, Spring (test scope) and fabric8. {@code plain-java} switches the rule on as the plain-Java modules
 * do, {@code server} leaves it off as the gateway does. The artifacts are small POMs written into the nested
 * build's own local repository; the build's repository is only read (as the tail), so nothing shared is written.
 */
class PlainJavaRuleTest {

  /** Paths are relative to the module, as Maven runs the tests. */
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final List<String> PLAIN_JAVA_MODULES = List.of("policy", "chat-template", "token-count", "tokenizer");
  private static final String SWITCH = "koreanllm.serverFrameworks.allowed";

  @TempDir
  Path dir;

  @Test
  void aPlainJavaModuleWithABannedDependencyFailsToBuildEvenWhenItComesTransitively() throws Exception {
    Path repository = dir.resolve("repository");
    artifact(repository, "io.netty", "netty-fixture", "");
    artifact(repository, "io.projectreactor", "reactor-fixture", "");
    artifact(repository, "org.springframework", "spring-fixture", "");
    artifact(repository, "io.fabric8", "fabric8-fixture", "");
    artifact(repository, "org.example.thirdparty", "library",
        dependency("io.netty", "netty-fixture", "compile") + dependency("io.projectreactor", "reactor-fixture", "compile"));
    Path reactor = dir.resolve("fixture");
    Files.createDirectories(reactor);
    Files.writeString(reactor.resolve("pom.xml"), """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>org.example.fixture</groupId>
          <artifactId>fixture</artifactId>
          <version>1.0</version>
          <packaging>pom</packaging>
          <modules><module>plain-java</module><module>server</module></modules>
        </project>
        """);
    module(reactor, "plain-java", "false");
    module(reactor, "server", "true");

    Build build = validate(reactor, repository);

    assertThat(build.exitCode()).as(build.output()).isNotZero();
    assertThat(build.output())
        .contains("BannedDependencies failed with message:", "This module is plain Java")
        .contains("io.netty:netty-fixture:jar:1.0 <--- banned", "io.projectreactor:reactor-fixture:jar:1.0 <--- banned",
            "org.springframework:spring-fixture:jar:1.0 <--- banned", "io.fabric8:fabric8-fixture:jar:1.0 <--- banned")
        .doesNotContain("org.example.thirdparty:library:jar:1.0 <--- banned")
        .containsPattern("plain-java-fixture [^\\n]* FAILURE")
        .containsPattern("server-fixture [^\\n]* SUCCESS");
  }

  @Test
  void everyPlainJavaModuleSwitchesTheRuleOn() throws Exception {
    for (String module : PLAIN_JAVA_MODULES) {
      Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
          .parse(ROOT.resolve(module).resolve("pom.xml").toFile());
      assertThat(pom.getElementsByTagName(SWITCH).item(0)).as(module).isNotNull()
          .extracting(node -> node.getTextContent().strip()).isEqualTo("false");
    }
  }

  private record Build(int exitCode, String output) {}

  /** {@code mvnw -o validate} on the fixture; plugins and the parent's imports come from this build's repository. */
  private Build validate(Path reactor, Path repository) throws IOException, InterruptedException {
    Path log = dir.resolve("maven.log");
    Process maven = new ProcessBuilder(ROOT.resolve("mvnw").toString(), "-o", "-B", "-ntp", "--fail-at-end",
        "-f", reactor.resolve("pom.xml").toString(), "-Dmaven.repo.local=" + repository,
        "-Dmaven.repo.local.tail=" + System.getProperty("koreanllm.localRepository"), "validate")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    // Only so that a wedged Maven cannot hang the build; a validate takes seconds.
    assertThat(maven.waitFor(10, TimeUnit.MINUTES)).as("nested Maven finished").isTrue();
    return new Build(maven.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  /** A module of the fixture reactor whose parent is the real parent pom. */
  private static void module(Path reactor, String name, String serverFrameworksAllowed) throws IOException {
    Path folder = Files.createDirectories(reactor.resolve(name));
    Files.writeString(folder.resolve("pom.xml"), """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <parent>
            <groupId>io.koreanllm</groupId>
            <artifactId>korean-llm-limiter</artifactId>
            <version>0.1.0-SNAPSHOT</version>
            <relativePath>%s</relativePath>
          </parent>
          <artifactId>%s-fixture</artifactId>
          <properties><%s>%s</%s></properties>
          <dependencies>%s%s%s</dependencies>
        </project>
        """.formatted(folder.relativize(ROOT.resolve("pom.xml")), name, SWITCH, serverFrameworksAllowed, SWITCH,
        dependency("org.example.thirdparty", "library", "compile"), dependency("org.springframework", "spring-fixture",
            "test"), dependency("io.fabric8", "fabric8-fixture", "compile")));
  }

  /** The POM of {@code groupId:artifactId:1.0} in the Maven repository layout (dependency collection reads no jar). */
  private static void artifact(Path repository, String groupId, String artifactId, String dependencies)
      throws IOException {
    Path folder = Files.createDirectories(
        repository.resolve(groupId.replace('.', '/')).resolve(artifactId).resolve("1.0"));
    Files.writeString(folder.resolve(artifactId + "-1.0.pom"), """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>%s</groupId>
          <artifactId>%s</artifactId>
          <version>1.0</version>
          <dependencies>%s</dependencies>
        </project>
        """.formatted(groupId, artifactId, dependencies));
  }

  private static String dependency(String groupId, String artifactId, String scope) {
    return "<dependency><groupId>%s</groupId><artifactId>%s</artifactId><version>1.0</version><scope>%s</scope></dependency>"
        .formatted(groupId, artifactId, scope);
  }
}
