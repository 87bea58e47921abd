package io.koreanllm.helm;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.koreanllm.operator.api.KoreanLlmUser;
import io.koreanllm.operator.api.LlmBackend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The chart under test, rendered the way `helm template` does and parsed into fabric8 objects. */
final class Chart {

  static final Path DIR = Path.of(System.getProperty("koreanllm.chart.dir", "../helm/korean-llm-limiter"));
  static final String RELEASE = "klm";
  static final String NAMESPACE = "llm";
  /** Every object is named <release>-<chart>-<component>. */
  static final String PREFIX = "klm-korean-llm-limiter-";

  /**
   * Knows our custom resources as well as Kubernetes' own kinds, so nothing parses as a generic object; strict, so
   * a misspelt field of a custom resource fails (Kubernetes' kinds keep unknown fields aside: see UnknownFields).
   */
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization(
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES), true);

  static {
    SERIALIZATION.registerKubernetesResource(LlmBackend.class);
    SERIALIZATION.registerKubernetesResource(KoreanLlmUser.class);
  }

  /**
   * The cluster `lookup` asks: helm-java's template (unlike the helm CLI's) looks objects up in the cluster of
   * $KUBECONFIG, and fails without one. A mock API server in CRUD mode, so a test can also put a Secret there as
   * an earlier release would have left it.
   */
  static final KubernetesMockServer API_SERVER = startApiServer();

  private Chart() {
  }

  private static KubernetesMockServer startApiServer() {
    KubernetesMockServer server = MockApiServer.start();
    // Helm's lookup discovers the group version before it reads (with client-go's fixed timeout parameter, which
    // the expectation must match); the CRUD mock does not serve discovery.
    server.expect().get().withPath("/api/v1?timeout=32s").andReturn(200, new APIResourceListBuilder()
        .withGroupVersion("v1").addNewResource().withName("secrets").withKind("Secret").withNamespaced(true)
        .withSingularName("secret").withVerbs("get", "list").endResource().build()).always();
    String kubeconfig = """
        apiVersion: v1
        kind: Config
        clusters: [{name: mock, cluster: {server: "%s"}}]
        users: [{name: mock, user: {token: mock}}]
        contexts: [{name: mock, context: {cluster: mock, user: mock, namespace: %s}}]
        current-context: mock
        """.formatted(server.url("/").replaceAll("/$", ""), NAMESPACE);
    try {
      Files.writeString(Path.of(System.getenv("KUBECONFIG")), kubeconfig);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return server;
  }

  /** The objects the chart renders with these `--set` values (the chart's defaults for the rest). */
  static Rendered render(Map<String, Object> values) {
    TemplateCommand template = new Helm(DIR).template().withName(RELEASE).withNamespace(NAMESPACE);
    values.forEach(template::set);
    return new Rendered(parse(template.call()));
  }

  /**
   * The chart's `helm test` hooks (templates/tests/), rendered with these values. helm-java's template leaves hooks
   * out, so a copy of the chart without the hook annotations is rendered instead; everything else is the chart's.
   */
  static Rendered renderTests(Map<String, Object> values) {
    try {
      Path copy = Files.createTempDirectory("chart-tests");
      try (Stream<Path> files = Files.walk(DIR)) {
        for (Path file : files.toList()) {
          Path target = copy.resolve(DIR.relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(target);
          } else if (file.startsWith(DIR.resolve("templates").resolve("tests"))) {
            Files.writeString(target, Files.readString(file).replaceAll("(?m)^\\s*helm\\.sh/hook.*\\n", ""));
          } else {
            Files.copy(file, target);
          }
        }
      }
      TemplateCommand template = new Helm(copy).template().withName(RELEASE).withNamespace(NAMESPACE);
      values.forEach(template::set);
      return new Rendered(parse(template.call()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every YAML document of a multi-document stream that holds an object, parsed into its registered type. */
  static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : yaml.split("(?m)^---\\s*$")) {
      boolean empty = Arrays.stream(document.split("\n")).map(String::strip)
          .allMatch(line -> line.isEmpty() || line.startsWith("#"));
      if (!empty) {
        objects.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
      }
    }
    return objects;
  }

  /** A rendered chart. */
  record Rendered(List<HasMetadata> objects) {

    <T extends HasMetadata> T get(Class<T> type, String component) {
      return find(type, PREFIX + component)
          .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + PREFIX + component));
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
      return all(type).filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    <T extends HasMetadata> Stream<T> all(Class<T> type) {
      return objects.stream().filter(type::isInstance).map(type::cast);
    }

    /** Every rule granted to a ServiceAccount of the release, through any Role or ClusterRole bound to it. */
    List<PolicyRule> rulesOf(String serviceAccount) {
      List<PolicyRule> rules = new ArrayList<>();
      all(RoleBinding.class).filter(b -> bindsTo(b.getSubjects(), serviceAccount)).forEach(b -> rules.addAll(
          "ClusterRole".equals(b.getRoleRef().getKind())
              ? find(ClusterRole.class, b.getRoleRef().getName()).orElseThrow().getRules()
              : find(Role.class, b.getRoleRef().getName()).orElseThrow().getRules()));
      all(ClusterRoleBinding.class).filter(b -> bindsTo(b.getSubjects(), serviceAccount)).forEach(b -> rules.addAll(
          find(ClusterRole.class, b.getRoleRef().getName()).orElseThrow().getRules()));
      return rules;
    }

    /** The rules a ServiceAccount gets cluster-wide: only ClusterRoles bound by ClusterRoleBindings reach there. */
    List<PolicyRule> clusterRulesOf(String serviceAccount) {
      return all(ClusterRoleBinding.class).filter(b -> bindsTo(b.getSubjects(), serviceAccount))
          .flatMap(b -> find(ClusterRole.class, b.getRoleRef().getName()).orElseThrow().getRules().stream())
          .toList();
    }

    private static boolean bindsTo(List<Subject> subjects, String serviceAccount) {
      return subjects.stream().anyMatch(s -> "ServiceAccount".equals(s.getKind())
          && serviceAccount.equals(s.getName()) && NAMESPACE.equals(s.getNamespace()));
    }
  }
}
