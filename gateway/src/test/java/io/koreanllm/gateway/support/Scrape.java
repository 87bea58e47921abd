package io.koreanllm.gateway.support;

import io.koreanllm.gateway.backend.PrometheusText.Sample;
import io.koreanllm.gateway.backend.PrometheusText;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** One scrape of a Prometheus endpoint, looked up by metric name and a subset of labels. */
public record Scrape(String text, List<Sample> samples) {

  public static Scrape of(String text) {
    return new Scrape(text, PrometheusText.parse(text));
  }

  /** The value of the one series with this name and these labels (others may be present), or empty. */
  public OptionalDouble value(String name, Map<String, String> labels) {
    List<Sample> matching = samples.stream()
        .filter(sample -> sample.name().equals(name) && sample.labels().entrySet().containsAll(labels.entrySet()))
        .toList();
    if (matching.size() > 1) {
      throw new AssertionError("more than one series " + name + labels + ": " + matching);
    }
    return matching.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(matching.get(0).value());
  }
}
