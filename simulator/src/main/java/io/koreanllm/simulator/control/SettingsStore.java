package io.koreanllm.simulator.control;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The settings in force: those configured at startup until a test replaces some of them at runtime. Each request takes
 * one snapshot, so a change never applies halfway through an answer.
 */
@Component
public class SettingsStore {

  private final SimulatorSettings configured;
  private final List<SettingsCheck> checks;
  private final JsonMapper json;
  private final AtomicReference<SimulatorSettings> current;

  public SettingsStore(SimulatorSettings configured, List<SettingsCheck> checks, JsonMapper json) {
    this.configured = configured;
    this.checks = List.copyOf(checks);
    this.json = json;
    // Fails startup when a tokenizer or template is missing, rather than the first request.
    check(configured);
    this.current = new AtomicReference<>(configured);
  }

  public SimulatorSettings current() {
    return current.get();
  }

  /**
   * Applies the fields present in {@code patch} (kebab-case names, as in {@code simulator.*}); the others keep their
   * values. Unknown fields and bad values are refused as a whole.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public synchronized SimulatorSettings update(JsonNode patch) {
    if (!(patch instanceof ObjectNode fields)) {
      throw new IllegalArgumentException("settings must be a JSON object");
    }
    ObjectNode merged = json.valueToTree(current.get());
    merged.setAll(fields);
    SimulatorSettings updated;
    try {
      updated = json.readerFor(SimulatorSettings.class)
          .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .readValue(merged);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("invalid settings: " + e.getOriginalMessage(), e);
    }
    check(updated);
    current.set(updated);
    return updated;
  }

  /** Back to the settings configured at startup. */
  public void reset() {
    current.set(configured);
  }

  private void check(SimulatorSettings settings) {
    try {
      checks.forEach(check -> check.check(settings));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
