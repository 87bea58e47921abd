package io.koreanllm.operator.policy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.koreanllm.operator.Labels;
import io.koreanllm.operator.api.KoreanLlmTeam;
import io.koreanllm.operator.api.KoreanLlmUser;
import io.koreanllm.operator.api.LlmBackend;
import io.koreanllm.policy.Policy;
import io.koreanllm.policy.PolicyWriter;
import io.koreanllm.policy.StoredPolicyText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps the gateway's policy ConfigMap equal to what {@link PolicyCompiler} makes of all teams, users and backends.
 *
 * <p>It watches the three kinds with informers of its own rather than being called from the reconcilers: the
 * key hashes it publishes live in the users' status, which a reconciler writes only after it returns, and
 * a change seen through the informers is complete by definition. After a restart the informers list every
 * resource before the first publish, so a policy never lacks users that exist. Events are coalesced: a
 * burst of changes (a restart, a kubectl apply of many users) becomes one rebuild. The ConfigMap is written
 * only when its text changes, and the text is deterministic, so an unchanged cluster writes nothing. A text too large
 * for a ConfigMap is kept gzipped ({@link StoredPolicyText}); one too large even so is not written, and says so.
 *
 * <p>Only the leader publishes (see {@code OperatorMain}).
 */
public final class PolicyPublisher implements AutoCloseable {

  public static final String DEFAULT_CONFIG_MAP = "korean-llm-policy";
  public static final String DATA_KEY = "policy.yaml";
  public static final String GZIP_KEY = StoredPolicyText.gzipKey(DATA_KEY);
  private static final Logger LOG = LoggerFactory.getLogger(PolicyPublisher.class);
  private static final long COALESCE_MILLIS = 200;

  private final KubernetesClient client;
  private final PolicyCompiler compiler;
  private final String namespace;
  private final String name;
  private final UserQuotaGauges gauges;
  private final PolicyGauges publication;
  private final int maxBytes;
  private final PolicyWriter writer = new PolicyWriter();
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "policy-publisher");
    thread.setDaemon(true);
    return thread;
  });
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private SharedIndexInformer<KoreanLlmTeam> teams;
  private SharedIndexInformer<KoreanLlmUser> users;
  private SharedIndexInformer<LlmBackend> backends;
  private SharedIndexInformer<ConfigMap> configMap;
  /** The text last written or found in the ConfigMap; touched only on the executor's thread. */
  private String published;

  /**
   * @param namespace   where the ConfigMap lives (the gateway's namespace)
   * @param name        the ConfigMap's name, {@link #DEFAULT_CONFIG_MAP} unless configured
   * @param gauges      updated with every compiled policy, so they follow each user's usage today
   * @param publication whether the ConfigMap holds the compiled policy, and its size there
   */
  public PolicyPublisher(KubernetesClient client, PolicyCompiler compiler, String namespace, String name,
      UserQuotaGauges gauges, PolicyGauges publication) {
    this(client, compiler, namespace, name, gauges, publication, StoredPolicyText.MAX_BYTES);
  }

  /** With the most a ConfigMap may hold set lower, so tests need not create thousands of users. */
  PolicyPublisher(KubernetesClient client, PolicyCompiler compiler, String namespace, String name,
      UserQuotaGauges gauges, PolicyGauges publication, int maxBytes) {
    this.client = client;
    this.compiler = compiler;
    this.namespace = namespace;
    this.name = name;
    this.gauges = gauges;
    this.publication = publication;
    this.maxBytes = maxBytes;
  }

  /** Starts watching; the first publish follows the informers' initial listing. */
  public synchronized void start() {
    ResourceEventHandler<Object> onAnyChange = new ResourceEventHandler<>() {
      @Override
      public void onAdd(Object resource) {
        requestPublish();
      }

      @Override
      public void onUpdate(Object oldResource, Object newResource) {
        requestPublish();
      }

      @Override
      public void onDelete(Object resource, boolean deletedFinalStateUnknown) {
        requestPublish();
      }
    };
    teams = client.resources(KoreanLlmTeam.class).inAnyNamespace().inform(onAnyChange);
    users = client.resources(KoreanLlmUser.class).inAnyNamespace().inform(onAnyChange);
    backends = client.resources(LlmBackend.class).inAnyNamespace().inform(onAnyChange);
    // Someone else editing or deleting the ConfigMap gets it rewritten.
    configMap = client.configMaps().inNamespace(namespace).withName(name).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(ConfigMap map) {
        executor.execute(() -> republishUnless(text(map)));
      }

      @Override
      public void onUpdate(ConfigMap oldMap, ConfigMap newMap) {
        executor.execute(() -> republishUnless(text(newMap)));
      }

      @Override
      public void onDelete(ConfigMap map, boolean deletedFinalStateUnknown) {
        executor.execute(() -> republishUnless(null));
      }
    });
    requestPublish();
  }

  /** Publishes soon, once for all changes until then. */
  public void requestPublish() {
    if (scheduled.compareAndSet(false, true)) {
      executor.schedule(this::publish, COALESCE_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private void republishUnless(String observed) {
    if (!Objects.equals(observed, published)) {
      published = null;
      requestPublish();
    }
  }

  /** The policy's text in the ConfigMap, in either form; null when it holds none. */
  private static String text(ConfigMap map) {
    try {
      return StoredPolicyText.fromConfigMap(map.getData(), map.getBinaryData(), DATA_KEY);
    } catch (IllegalArgumentException e) {
      return null; // not ours: rewritten
    }
  }

  private void publish() {
    scheduled.set(false);
    try {
      List<KoreanLlmUser> all = users.getStore().list();
      Policy policy = compiler.compile(teams.getStore().list(), all, backends.getStore().list());
      gauges.update(policy, all);
      String text = writer.toYaml(policy);
      if (text.equals(published)) {
        return;
      }
      String gzipped = null;
      long stored = text.getBytes(StandardCharsets.UTF_8).length;
      if (stored > maxBytes) {
        byte[] bytes = StoredPolicyText.gzip(text);
        stored = bytes.length;
        if (bytes.length > maxBytes) {
          published = text; // not again until it changes
          publication.notPublished();
          LOG.error("the policy compiled from {} users is {} bytes gzipped, more than a ConfigMap holds ({}): not "
              + "published; the gateways keep the policy published before", all.size(), bytes.length, maxBytes);
          return;
        }
        gzipped = Base64.getEncoder().encodeToString(bytes);
      }
      ConfigMap current = client.configMaps().inNamespace(namespace).withName(name).get();
      if (current == null) {
        client.configMaps().resource(configMap(text, gzipped)).create();
      } else if (!text.equals(text(current))) {
        String binary = gzipped;
        client.configMaps().inNamespace(namespace).withName(name)
            .edit(map -> holding(new ConfigMapBuilder(map).removeFromData(DATA_KEY).removeFromBinaryData(GZIP_KEY),
                text, binary).build());
      }
      published = text;
      publication.published(stored);
      LOG.info("published the policy to ConfigMap {}/{}, compiled from {} teams, {} users and {} backends", namespace,
          name, teams.getStore().list().size(), all.size(), backends.getStore().list().size());
    } catch (RuntimeException e) {
      if (executor.isShutdown()) {
        return;
      }
      // Whatever failed (the API server, a conflict), the next try starts from the ConfigMap as it is.
      published = null;
      publication.notPublished();
      LOG.warn("publishing the policy failed, retrying: {}", e.toString());
      executor.schedule(this::requestPublish, 5, TimeUnit.SECONDS);
    }
  }

  /** The text as it is, or gzipped (base64, as a ConfigMap's binary data is given) when that is not null. */
  private static ConfigMapBuilder holding(ConfigMapBuilder map, String text, String gzipped) {
    return gzipped == null ? map.addToData(DATA_KEY, text) : map.addToBinaryData(GZIP_KEY, gzipped);
  }

  private ConfigMap configMap(String text, String gzipped) {
    return holding(new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(Map.of("app.kubernetes.io/name", "korean-llm-policy", Labels.MANAGED_BY, Labels.OPERATOR))
        .endMetadata(), text, gzipped)
        .build();
  }

  @Override
  public synchronized void close() {
    executor.shutdownNow();
    if (users != null) {
      teams.close();
      users.close();
      backends.close();
      configMap.close();
    }
  }
}
