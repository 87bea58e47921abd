package io.koreanllm.helm;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.koreanllm.operator.MockCluster;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Compares what a ServiceAccount of the chart is granted with the requests its program was seen making. */
final class RbacCheck {

  /** A test's own requests carry this User-Agent, so they are told apart from the program's. */
  private static final String TEST_AGENT = "helm-tests-scenario";

  private RbacCheck() {
  }

  /** A client for the test's own requests (setting the scene), which {@link #programRequests} leaves out. */
  static KubernetesClient testClient(MockCluster cluster) {
    return new KubernetesClientBuilder().withHttpClientFactory(new JdkHttpClientFactory())
        .withConfig(new ConfigBuilder(cluster.client().getConfiguration()).withUserAgent(TEST_AGENT).build())
        .build();
  }

  /** The requests the program under test made since the last call (the server keeps them all until taken). */
  static List<ApiRequest> programRequests(MockCluster cluster) {
    return cluster.takeRequests().stream().filter(r -> !TEST_AGENT.equals(r.getHeader("User-Agent")))
        .flatMap(r -> ApiRequest.parse(r.getMethod(), r.getPath()).stream()).toList();
  }

  /**
   * The chart grants {@code serviceAccount} every permission {@code used} needs and no other, except those in
   * {@code unobservedButNeeded}; what only a Role grants is used inside one namespace; what only a rule with
   * resourceNames grants is used on those names only.
   */
  static void assertGrantsExactly(Chart.Rendered chart, String serviceAccount, List<ApiRequest> used,
      Set<String> unobservedButNeeded) {
    List<PolicyRule> rules = chart.rulesOf(serviceAccount);
    Set<String> granted = permissions(rules);
    Set<String> observed = used.stream().map(ApiRequest::permission).collect(Collectors.toCollection(TreeSet::new));
    Set<String> allowed = new TreeSet<>(observed);
    allowed.addAll(unobservedButNeeded);

    assertThat(observed).as("used but not granted").isSubsetOf(granted);
    assertThat(unobservedButNeeded).as("needed but not granted").isSubsetOf(granted);
    assertThat(granted).as("granted but never used").isSubsetOf(allowed);

    Set<String> clusterWide = permissions(chart.clusterRulesOf(serviceAccount));
    Set<String> unnamed = permissions(rules.stream().filter(r -> r.getResourceNames().isEmpty()).toList());
    Set<String> names = rules.stream().flatMap(r -> r.getResourceNames().stream()).collect(Collectors.toSet());
    for (ApiRequest request : used) {
      if (!clusterWide.contains(request.permission())) {
        assertThat(request.namespace()).as("namespace of %s", request).isNotNull();
      }
      if (!unnamed.contains(request.permission())) {
        assertThat(names).as("name of %s", request).contains(request.name());
      }
    }
  }

  /** Every "group/resource verb" the rules grant. */
  private static Set<String> permissions(List<PolicyRule> rules) {
    Set<String> permissions = new TreeSet<>();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            permissions.add(new ApiRequest(group, resource, verb, null, null).permission());
          }
        }
      }
    }
    return permissions;
  }
}
