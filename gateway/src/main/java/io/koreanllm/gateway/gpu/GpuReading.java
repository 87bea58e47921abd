package io.koreanllm.gateway.gpu;

import io.koreanllm.gateway.backend.PrometheusText.Sample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One GPU as NVIDIA's DCGM exporter reports it ({@code DCGM_FI_DEV_*} gauges, labelled by {@code gpu}, {@code UUID},
 * {@code modelName} and {@code Hostname}). A value the exporter does not serve is null: exporters are configured
 * with different field lists.
 */
public record GpuReading(String host, String gpu, String uuid, String modelName, Double utilisationPercent,
    Double memoryUsedMib, Double memoryTotalMib, Double temperatureC, Double powerWatts) {

  static final String UTILISATION = "DCGM_FI_DEV_GPU_UTIL";
  static final String MEMORY_USED = "DCGM_FI_DEV_FB_USED";
  static final String MEMORY_FREE = "DCGM_FI_DEV_FB_FREE";
  static final String TEMPERATURE = "DCGM_FI_DEV_GPU_TEMP";
  static final String POWER = "DCGM_FI_DEV_POWER_USAGE";

  /** The GPUs in one scrape, in the order the exporter lists them. */
  static List<GpuReading> read(List<Sample> samples) {
    Map<String, Map<String, Sample>> byGpu = new LinkedHashMap<>();
    for (Sample sample : samples) {
      if (sample.name().startsWith("DCGM_FI_DEV_")) {
        String key = sample.labels().getOrDefault("Hostname", "") + "/" + sample.labels().getOrDefault("UUID",
            sample.labels().getOrDefault("gpu", ""));
        byGpu.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(sample.name(), sample);
      }
    }
    List<GpuReading> gpus = new ArrayList<>();
    for (Map<String, Sample> fields : byGpu.values()) {
      Map<String, String> labels = fields.values().iterator().next().labels();
      Double used = value(fields, MEMORY_USED);
      Double free = value(fields, MEMORY_FREE);
      gpus.add(new GpuReading(labels.get("Hostname"), labels.get("gpu"), labels.get("UUID"), labels.get("modelName"),
          value(fields, UTILISATION), used, used == null || free == null ? null : used + free,
          value(fields, TEMPERATURE), value(fields, POWER)));
    }
    return gpus;
  }

  private static Double value(Map<String, Sample> fields, String name) {
    Sample sample = fields.get(name);
    return sample == null ? null : sample.value();
  }
}
