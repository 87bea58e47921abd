package io.koreanllm.simulator.control;

/**
 * A check that settings can be put in force, beyond the checks of their own values: that the tokenizers and chat
 * templates they name can be loaded. Run at startup and on every change; a failing check refuses the change whole.
 */
public interface SettingsCheck {

  /** @throws IllegalArgumentException naming what cannot be loaded */
  void check(SimulatorSettings settings);
}
