package io.koreanllm.gateway.parity;

import io.koreanllm.gateway.policy.PolicyHolder;
import io.koreanllm.gateway.tokenize.Prompt;
import io.koreanllm.policy.ModelRoute;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Each model's latest parity, where /health, the dashboard, the {@code koreanllm_parity_*} gauges and admission read
 * it. A change of verdict is logged once: drift as a warning with the first conversation that differs.
 */
@Component
public class ParityStates {

  private static final Logger log = LoggerFactory.getLogger(ParityStates.class);

  private final MeterRegistry registry;
  private final boolean correctAdmission;
  private final Map<String, Parity> latest = new ConcurrentHashMap<>();
  private final Set<String> gauged = ConcurrentHashMap.newKeySet();

  public ParityStates(PolicyHolder policies, MeterRegistry registry, ParityProperties properties) {
    this.registry = registry;
    this.correctAdmission = properties.correctAdmission();
    // The series exist from the start, unknown until probed, so a dashboard or an alert need not wait for them.
    policies.current().models().forEach(model -> gauges(model.name()));
  }

  /** The model's latest parity; unknown ("not checked yet") before its first probe. */
  public Parity of(String model) {
    return latest.getOrDefault(model, Parity.NOT_CHECKED);
  }

  /**
   * What admission adds to a chat's count: the backend's measured constant offset when
   * {@code koreanllm.parity.correct-admission} is on, else 0. A raw completion prompt has no chat template to differ.
   */
  public int admissionOffset(ModelRoute model, Prompt prompt) {
    return prompt instanceof Prompt.Chat ? offset(of(model.name())) : 0;
  }

  private int offset(Parity parity) {
    return correctAdmission ? parity.uniformOffset() : 0;
  }

  Parity record(ModelRoute model, Parity parity) {
    gauges(model.name());
    Parity previous = latest.put(model.name(), parity);
    if (previous == null || !previous.sameVerdict(parity)) {
      if (parity.state() == ParityState.DRIFT) {
        log.warn("model {}: its backend counts prompts differently from the gateway's tokenizer files, {} token(s) "
            + "{}; first {}; {}", model.name(), parity.driftTokens(),
            parity.uniform() ? "in every conversation" : "at most, by conversation", parity.detail(),
            offset(parity) != 0 ? "admission adds them until the files are fixed"
                : "admission counts are off until the files match the server");
      } else if (parity.state() == ParityState.EXACT) {
        log.info("model {}: the backend counts every probe conversation as the gateway does", model.name());
      } else {
        log.warn("model {}: counting parity unknown: {}", model.name(), parity.detail());
      }
    }
    return parity;
  }

  private void gauges(String model) {
    if (!gauged.add(model)) {
      return;
    }
    Gauge.builder("koreanllm.parity.drift.tokens", this, states -> {
      Integer drift = states.of(model).driftTokens();
      return drift == null ? Double.NaN : drift;
    }).description("Backend minus gateway prompt tokens of the parity probe's conversations (NaN when unknown)")
        .tag("model", model).register(registry);
    for (ParityState state : ParityState.values()) {
      Gauge.builder("koreanllm.parity.state", this, states -> states.of(model).state() == state ? 1 : 0)
          .description("1 for the model's current counting-parity state").tags("model", model, "state", state.label())
          .register(registry);
    }
  }
}
