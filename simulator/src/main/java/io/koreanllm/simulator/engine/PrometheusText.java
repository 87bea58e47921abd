package io.koreanllm.simulator.engine;

import java.util.Locale;

/** Prometheus' text exposition format, written family by family. */
final class PrometheusText {

  private final StringBuilder out = new StringBuilder();

  /** Starts a family: its {@code # HELP} and {@code # TYPE} lines. */
  PrometheusText family(String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n')
        .append("# TYPE ").append(name).append(' ').append(type).append('\n');
    return this;
  }

  /** One sample; {@code labels} as written between the braces, e.g. {@code model_name="x"}. */
  PrometheusText sample(String name, String labels, double value) {
    out.append(name).append('{').append(labels).append("} ").append(String.format(Locale.ROOT, "%s", value))
        .append('\n');
    return this;
  }

  /** {@code name="value"}, the value escaped. */
  static String label(String name, String value) {
    return name + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
