package io.koreanllm.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** values.schema.json: Helm refuses a wrong value before rendering anything, naming the field. */
class ValuesSchemaTest {

  /** Every optional part of the chart switched on at once: still valid. */
  static Map<String, Object> everythingOn() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("simulator.enabled", true);
    values.put("gateway.podMonitor", true);
    values.put("gateway.gpuMetricsUrls[0]", "http://nvidia-dcgm-exporter.gpu-operator:9400/metrics");
    values.put("operator.podMonitor", true);
    values.put("monitoring.backendsPodMonitor", true);
    values.put("monitoring.prometheusRule.enabled", true);
    values.put("monitoring.labels.release", "kube-prometheus-stack");
    values.put("gateway.autoscaling.enabled", true);
    values.put("gateway.ingress.enabled", true);
    values.put("tokenizers.volume.persistentVolumeClaim.claimName", "tokenizers");
    values.put("tokenizers.modelCacheClaim", "hf-cache");
    values.put("redis.auth.existingSecret", "redis-auth");
    values.put("gateway.adminKey.existingSecret", "llm-admin");
    values.put("backends[0].name", "qwen");
    values.put("backends[0].engine", "sglang");
    values.put("backends[0].model", "Qwen/Qwen2.5-3B-Instruct");
    values.put("backendDefaults.runtimeClassName", "nvidia");
    values.put("dailyResetZone", "UTC");
    values.put("defaultLimits.maxConcurrent", 4);
    return values;
  }

  @Test
  void theDefaultsAndEveryOptionTogetherAreValid() {
    LintResult lint = new Helm(Chart.DIR).lint().strict().call();
    assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
    assertThat(Chart.render(everythingOn()).objects()).isNotEmpty();
  }

  static Stream<Arguments> wrongValues() {
    return Stream.of(
        Arguments.of("gateway.store.failureMode", "sideways"),
        Arguments.of("gateway.replicas", 0),
        Arguments.of("gateway.image.tag", "latest"),
        Arguments.of("operator.httpPort", 70000),
        Arguments.of("defaultLimits.tpm", -1),
        Arguments.of("defaultLimits.tokensPerFortnight", 5),
        Arguments.of("dailyResetZone", "Korea Standard Time"),
        Arguments.of("redis.external.url", "redis://:secret@redis.example:6379"),
        Arguments.of("backends[0].engine", "tgi"),
        Arguments.of("monitoring.prometheusRule.dailyLimitRatio", 1.5),
        Arguments.of("monitoring.interval", "soon"),
        Arguments.of("tokenizers.offline", "yes"),
        Arguments.of("networkPolicy.enabled", "sure"),
        Arguments.of("gatway.replicas", 3));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("wrongValues")
  void aWrongValueIsRefusedNamingItsField(String key, Object value) {
    // A misspelt key is named by its first unknown part; a wrong value by its field.
    String field = key.startsWith("gatway.") ? "gatway" : key.replaceAll("\\[0]", "").replaceAll(".*\\.", "");
    Map<String, Object> values = new LinkedHashMap<>();
    if (key.startsWith("backends[0].")) {
      values.put("backends[0].name", "qwen");
      values.put("backends[0].model", "Qwen/Qwen2.5-3B-Instruct");
    }
    values.put(key, value);
    assertThatThrownBy(() -> Chart.render(values)).hasMessageContaining("schema").hasMessageContaining(field);
  }
}
