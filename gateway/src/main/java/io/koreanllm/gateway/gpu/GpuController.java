package io.koreanllm.gateway.gpu;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /admin/gpus}: the GPUs' latest readings from the DCGM exporters, for the dashboard. */
@RestController
class GpuController {

  private final GpuMonitor monitor;

  GpuController(GpuMonitor monitor) {
    this.monitor = monitor;
  }

  @GetMapping("/admin/gpus")
  GpuMonitor.Gpus gpus() {
    return monitor.gpus();
  }
}
