package io.koreanllm.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import reactor.core.Disposable;

/**
 * {@code /dcgm/metrics} serves the series of NVIDIA's DCGM exporter for one simulated RTX 4060, with the exporter's
 * labels, following the simulated load: utilisation from the running slots in use, memory from the KV cache in use.
 */
class GpuMetricsTest extends SimulatorHttpTest {

  private static final String LABELS = "{gpu=\"0\",UUID=\"GPU-5a1e7a7d-0000-4000-8000-000000004060\","
      + "pci_bus_id=\"00000000:01:00.0\",device=\"nvidia0\",modelName=\"NVIDIA GeForce RTX 4060\",Hostname=\"simulator\"}";

  @Test
  void anIdleGpuShowsItsWeightsAndNoUtilisation() {
    String text = client.get().uri("/dcgm/metrics").accept(MediaType.TEXT_PLAIN).exchange().expectStatus().isOk()
        .expectBody(String.class).returnResult().getResponseBody();
    Map<String, Double> idle = scrape();

    assertThat(text).contains("# TYPE DCGM_FI_DEV_GPU_UTIL gauge", "# HELP DCGM_FI_DEV_FB_USED ");
    assertThat(idle.get("DCGM_FI_DEV_GPU_UTIL" + LABELS)).isZero();
    assertThat(idle.get("DCGM_FI_DEV_FB_USED" + LABELS)).isEqualTo(Math.round(8188 * 0.3));
    assertThat(idle.get("DCGM_FI_DEV_FB_USED" + LABELS) + idle.get("DCGM_FI_DEV_FB_FREE" + LABELS)).isEqualTo(8188);
    assertThat(idle.get("DCGM_FI_DEV_GPU_TEMP" + LABELS)).isPositive();
    assertThat(idle.get("DCGM_FI_DEV_POWER_USAGE" + LABELS)).isPositive();
  }

  @Test
  void utilisationMemoryTemperatureAndPowerFollowTheLoad() {
    putSettings(Map.of("max-running-requests", 4, "kv-cache-tokens", 1000, "ttft-ms", 3000));
    Map<String, Double> idle = scrape();
    Map<String, Object> body = new HashMap<>(Map.of("model", QWEN, "max_tokens", 200,
        "messages", List.of(Map.of("role", "user", "content", "GPU를 바쁘게 해 주세요"))));
    Disposable busy = webClient.post().uri("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(json(body)).retrieve().bodyToMono(String.class).subscribe();

    Map<String, Double> loaded = await().atMost(Duration.ofSeconds(10)).until(GpuMetricsTest::scrape,
        metrics -> metrics.get("DCGM_FI_DEV_GPU_UTIL" + LABELS) > 0);
    busy.dispose();

    // One of four slots runs; it holds its prompt and 200 answer tokens of a 1,000-token cache.
    assertThat(loaded.get("DCGM_FI_DEV_GPU_UTIL" + LABELS)).isEqualTo(25.0);
    assertThat(loaded.get("DCGM_FI_DEV_FB_USED" + LABELS)).isGreaterThan(idle.get("DCGM_FI_DEV_FB_USED" + LABELS));
    assertThat(loaded.get("DCGM_FI_DEV_FB_FREE" + LABELS)).isLessThan(idle.get("DCGM_FI_DEV_FB_FREE" + LABELS));
    assertThat(loaded.get("DCGM_FI_DEV_GPU_TEMP" + LABELS)).isGreaterThan(idle.get("DCGM_FI_DEV_GPU_TEMP" + LABELS));
    assertThat(loaded.get("DCGM_FI_DEV_POWER_USAGE" + LABELS))
        .isGreaterThan(idle.get("DCGM_FI_DEV_POWER_USAGE" + LABELS));
    await().atMost(Duration.ofSeconds(10)).until(() -> scrape().get("DCGM_FI_DEV_GPU_UTIL" + LABELS) == 0);
  }

  private static Map<String, Double> scrape() {
    String text = client.get().uri("/dcgm/metrics").exchange().expectStatus().isOk().expectBody(String.class)
        .returnResult().getResponseBody();
    Map<String, Double> samples = new HashMap<>();
    text.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).forEach(line -> {
      int space = line.lastIndexOf(' ');
      samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    });
    return samples;
  }
}
