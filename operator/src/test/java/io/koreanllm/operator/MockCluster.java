package io.koreanllm.operator;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.koreanllm.operator.backend.NetworkAccess;
import io.koreanllm.operator.user.UsageSource;
import io.koreanllm.policy.Defaults;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;

/**
 * The fabric8 mock API server in CRUD mode with our CRDs, and the real operator running against it. The mock
 * has no server-side apply, so JOSDK is told to create and update with plain requests; it has no garbage
 * collector and no controllers, so tests patch Deployment and Pod status themselves.
 */
public final class MockCluster implements AutoCloseable {

  public static final String NAMESPACE = "llm";
  public static final String POLICY_NAMESPACE = "gateway";
  public static final String LEASE = "korean-llm-operator";

  // The mock web server logs every request through java.util.logging; a reference keeps the level set.
  private static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

  private final Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
  private final KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(),
      expectations, new KubernetesMixedDispatcher(expectations), false);
  private final KubernetesClient client;
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private KoreanLlmOperator operator;

  public MockCluster() {
    server.init();
    client = server.createClient(new JdkHttpClientFactory());
    // Before taking the Lease, JOSDK asks whether it may; the CRUD mock cannot answer that by itself.
    server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, new SelfSubjectRulesReviewBuilder().withNewStatus().addNewResourceRule()
            .withApiGroups("coordination.k8s.io").withResources("leases").withVerbs("create", "update", "get")
            .endResourceRule().withIncomplete(false).endStatus().build())
        .always();
    for (String crd : List.of("koreanllmteams.koreanllm.io", "koreanllmusers.koreanllm.io",
        "llmbackends.koreanllm.io")) {
      try (InputStream yaml = MockCluster.class.getResourceAsStream("/META-INF/fabric8/" + crd + "-v1.yml")) {
        client.apiextensions().v1().customResourceDefinitions()
            .resource(client.getKubernetesSerialization().unmarshal(yaml, CustomResourceDefinition.class)).create();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(Level.WARNING);
    return logger;
  }

  public KubernetesClient client() {
    return client;
  }

  /** The operator's own meters (the users' quota gauges); JOSDK's go wherever a test's overrides put them. */
  public SimpleMeterRegistry metrics() {
    return metrics;
  }

  /** Starts an operator (stopping the one running, as a restart does) with keys replaced after a day. */
  public void startOperator(Clock clock) {
    startOperator(clock, false, config -> { });
  }

  public KoreanLlmOperator startOperator(Clock clock, boolean leaderElection,
      Consumer<ConfigurationServiceOverrider> overrides) {
    return startOperator(clock, leaderElection, UsageSource.NONE, overrides);
  }

  /** As {@link #startOperator(Clock, boolean, Consumer)}, reading usage today from {@code usage}. */
  public KoreanLlmOperator startOperator(Clock clock, boolean leaderElection, UsageSource usage,
      Consumer<ConfigurationServiceOverrider> overrides) {
    return startOperator(settings(leaderElection), clock, usage, overrides);
  }

  /**
   * The settings the tests run with: the policy in {@link #POLICY_NAMESPACE} (where the gateway runs), keys
   * replaced after a day, the built-in default limits, NetworkPolicies admitting the chart's gateway pods and a
   * Prometheus in "monitoring".
   */
  public static OperatorSettings settings(boolean leaderElection) {
    return new OperatorSettings(POLICY_NAMESPACE, "korean-llm-policy", Duration.ofDays(1), leaderElection, LEASE, 0,
        Defaults.BUILT_IN, new NetworkAccess(true, POLICY_NAMESPACE, NetworkAccess.CHART_GATEWAY_PODS, "monitoring",
            Map.of("app.kubernetes.io/name", "prometheus")));
  }

  /** Starts an operator with these settings (stopping the one running, as a restart does). */
  public KoreanLlmOperator startOperator(OperatorSettings settings, Clock clock, UsageSource usage,
      Consumer<ConfigurationServiceOverrider> overrides) {
    stopOperator();
    operator = new KoreanLlmOperator(client, settings, clock, usage, metrics, config -> {
      config.withCloseClientOnStop(false)
          .withSSABasedCreateUpdateMatchForDependentResources(false)
          .withUseSSAToPatchPrimaryResource(false);
      overrides.accept(config);
    });
    operator.start();
    return operator;
  }

  public void stopOperator() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
  }

  /** The write requests (anything but GET) the server received since the last call, as "METHOD path". */
  public List<String> takeWrites() {
    List<String> writes = new ArrayList<>();
    try {
      for (RecordedRequest request = server.takeRequest(1, TimeUnit.MILLISECONDS); request != null;
          request = server.takeRequest(1, TimeUnit.MILLISECONDS)) {
        if (!"GET".equals(request.getMethod())) {
          writes.add(request.getMethod() + " " + request.getPath());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return writes;
  }

  /**
   * Every request the server received since the last call, reads and watches included, with its headers (a
   * test tells its own requests from the operator's by User-Agent): the Helm chart's RBAC test derives the
   * operator's permissions from them.
   */
  public List<RecordedRequest> takeRequests() {
    List<RecordedRequest> requests = new ArrayList<>();
    try {
      for (RecordedRequest request = server.takeRequest(1, TimeUnit.MILLISECONDS); request != null;
          request = server.takeRequest(1, TimeUnit.MILLISECONDS)) {
        requests.add(request);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return requests;
  }

  @Override
  public void close() {
    stopOperator();
    client.close();
    server.destroy();
  }
}
