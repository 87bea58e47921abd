package io.koreanllm.helm;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Each way of giving the gateway (and the simulator) its tokenizer files, and offline by default. */
class TokenizerValuesTest {

  @Test
  void byDefaultOfflineOnTheFilesInTheImage() {
    Chart.Rendered chart = Chart.render(Map.of("simulator.enabled", true));
    for (String component : new String[] {"gateway", "simulator"}) {
      Map<String, String> env = Containers.env(Containers.of(chart, component));
      assertThat(env).containsEntry("HF_HUB_OFFLINE", "1")
          .containsEntry("KOREANLLM_TOKENIZERS_PATH", "/opt/korean-llm-limiter/tokenizers")
          .containsEntry("KOREANLLM_TOKENIZERS_DIR", "/var/cache/korean-llm-limiter/tokenizers")
          .doesNotContainKeys("HF_ENDPOINT", "HF_HOME");
      assertThat(mount(Containers.of(chart, component), "tokenizer-cache")).isPresent();
    }
  }

  @Test
  void aVolumeOfTokenizersIsMountedReadOnlyAndSearchedAfterTheImage() {
    Chart.Rendered chart = Chart.render(Map.of("tokenizers.volume.persistentVolumeClaim.claimName", "tokenizers"));
    Container gateway = Containers.of(chart, "gateway");
    assertThat(Containers.env(gateway)).containsEntry("KOREANLLM_TOKENIZERS_PATH",
        "/opt/korean-llm-limiter/tokenizers:/var/lib/korean-llm-limiter/tokenizers");
    VolumeMount mount = mount(gateway, "tokenizers").orElseThrow();
    assertThat(mount.getMountPath()).isEqualTo("/var/lib/korean-llm-limiter/tokenizers");
    assertThat(mount.getReadOnly()).isTrue();
    assertThat(volume(Containers.pod(chart, "gateway"), "tokenizers").getPersistentVolumeClaim().getClaimName())
        .isEqualTo("tokenizers");

    // Small files fit in a ConfigMap, laid out by items.
    Chart.Rendered configMap = Chart.render(Map.of("tokenizers.volume.configMap.name", "tiny-tokenizer",
        "tokenizers.volume.configMap.items[0].key", "tokenizer.json",
        "tokenizers.volume.configMap.items[0].path", "hub/acme--tiny/tokenizer.json"));
    assertThat(volume(Containers.pod(configMap, "gateway"), "tokenizers").getConfigMap().getItems().get(0).getPath())
        .isEqualTo("hub/acme--tiny/tokenizer.json");
  }

  @Test
  void aModelServersHuggingFaceCacheIsMountedReadOnlyAsHfHome() {
    Chart.Rendered chart = Chart.render(Map.of("tokenizers.modelCacheClaim", "hf-cache"));
    Container gateway = Containers.of(chart, "gateway");
    assertThat(Containers.env(gateway)).containsEntry("HF_HOME", "/var/lib/korean-llm-limiter/huggingface");
    assertThat(mount(gateway, "model-cache").orElseThrow().getReadOnly()).isTrue();
    Volume volume = volume(Containers.pod(chart, "gateway"), "model-cache");
    assertThat(volume.getPersistentVolumeClaim().getClaimName()).isEqualTo("hf-cache");
    assertThat(volume.getPersistentVolumeClaim().getReadOnly()).isTrue();
  }

  @Test
  void onlineTheHubOrAMirrorWithAToken() {
    Container gateway = Containers.of(Chart.render(Map.of("tokenizers.offline", false,
        "tokenizers.hubEndpoint", "https://hf-mirror.example", "tokenizers.hfTokenSecret", "hf-token")), "gateway");
    assertThat(Containers.env(gateway)).doesNotContainKey("HF_HUB_OFFLINE")
        .containsEntry("HF_ENDPOINT", "https://hf-mirror.example");
    assertThat(Containers.secretRef(gateway, "HF_TOKEN")).isEqualTo("hf-token/token");
  }

  private static Optional<VolumeMount> mount(Container container, String volume) {
    return container.getVolumeMounts().stream().filter(m -> m.getName().equals(volume)).findFirst();
  }

  private static Volume volume(PodSpec pod, String name) {
    return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
  }
}
