package io.koreanllm.simulator.engine;

import io.koreanllm.simulator.control.SimulatorSettings;

/**
 * The simulated GPU, an RTX 4060 with 8 GB, as NVIDIA's DCGM exporter reports it: utilisation, framebuffer memory used
 * and free, temperature and power draw, under the exporter's names and labels. The values follow the engine's load:
 * utilisation is the share of running slots in use; memory holds the weights and the runtime (30 %) plus the KV cache
 * in use (up to 50 %, as with a memory fraction of 0.8); temperature and power rise with utilisation.
 *
 * @param utilisation percent of running slots in use
 * @param kvCacheUsage fraction of the KV cache in use
 */
record GpuMetrics(double utilisation, double kvCacheUsage) {

  static final String PATH = "/dcgm/metrics";
  static final String MODEL_NAME = "NVIDIA GeForce RTX 4060";
  static final double FRAMEBUFFER_MIB = 8188;

  private static final String LABELS = String.join(",", PrometheusText.label("gpu", "0"),
      PrometheusText.label("UUID", "GPU-5a1e7a7d-0000-4000-8000-000000004060"),
      PrometheusText.label("pci_bus_id", "00000000:01:00.0"), PrometheusText.label("device", "nvidia0"),
      PrometheusText.label("modelName", MODEL_NAME), PrometheusText.label("Hostname", "simulator"));

  static GpuMetrics under(EngineLoad load, SimulatorSettings settings) {
    return new GpuMetrics(100.0 * Math.min(1.0, (double) load.running() / settings.maxRunningRequests()),
        load.kvCacheUsage(settings.kvCacheTokens()));
  }

  double framebufferUsedMib() {
    return Math.round(FRAMEBUFFER_MIB * (0.30 + 0.50 * kvCacheUsage));
  }

  String render() {
    double used = framebufferUsedMib();
    PrometheusText out = new PrometheusText();
    gauge(out, "DCGM_FI_DEV_GPU_UTIL", "GPU utilization (in %).", Math.round(utilisation));
    gauge(out, "DCGM_FI_DEV_FB_USED", "Framebuffer memory used (in MiB).", used);
    gauge(out, "DCGM_FI_DEV_FB_FREE", "Framebuffer memory free (in MiB).", FRAMEBUFFER_MIB - used);
    gauge(out, "DCGM_FI_DEV_GPU_TEMP", "GPU temperature (in C).", Math.round(38 + 0.4 * utilisation));
    gauge(out, "DCGM_FI_DEV_POWER_USAGE", "Power draw (in W).", Math.round(10 * (12 + 1.03 * utilisation)) / 10.0);
    return out.toString();
  }

  private static void gauge(PrometheusText out, String name, String help, double value) {
    out.family(name, "gauge", help).sample(name, LABELS, value);
  }
}
