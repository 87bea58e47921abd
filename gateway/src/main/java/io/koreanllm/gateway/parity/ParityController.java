package io.koreanllm.gateway.parity;

import java.util.List;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /admin/parity/run} (admin key): probes every model now instead of at the next interval, e.g. after the
 * tokenizer files or the server's template were fixed; answers with each model's result.
 */
@RestController
class ParityController {

  private final ParityProbe probe;

  ParityController(ParityProbe probe) {
    this.probe = probe;
  }

  record Run(List<ParityProbe.ModelParity> models) {
  }

  @PostMapping("/admin/parity/run")
  Mono<Run> run() {
    return probe.runAll().map(Run::new);
  }
}
