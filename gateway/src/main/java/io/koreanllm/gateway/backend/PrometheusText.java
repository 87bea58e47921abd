package io.koreanllm.gateway.backend;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the samples of Prometheus' text exposition format, as vLLM and SGLang serve it at {@code /metrics}. Comments
 * and lines it cannot read are skipped: a backend's odd line must not hide the others.
 */
public final class PrometheusText {

  /** One sample line: {@code name{label="value",…} value}. */
  public record Sample(String name, Map<String, String> labels, double value) {
  }

  private PrometheusText() {
  }

  public static List<Sample> parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      Sample sample = sample(trimmed);
      if (sample != null) {
        samples.add(sample);
      }
    }
    return samples;
  }

  private static Sample sample(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    if (space < 0) {
      return null;
    }
    Map<String, String> labels = new LinkedHashMap<>();
    String name;
    int rest;
    if (brace >= 0 && brace < space) {
      name = line.substring(0, brace);
      rest = labels(line, brace + 1, labels);
      if (rest < 0) {
        return null;
      }
    } else {
      name = line.substring(0, space);
      rest = space;
    }
    String[] fields = line.substring(rest).strip().split("\\s+");
    try {
      return new Sample(name, labels, Double.parseDouble(fields[0]));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Reads {@code k="v",…}} from {@code from}; returns the index after the closing brace, or -1 when malformed. */
  private static int labels(String line, int from, Map<String, String> labels) {
    int i = from;
    while (i < line.length()) {
      if (line.charAt(i) == '}') {
        return i + 1;
      }
      int equals = line.indexOf('=', i);
      if (equals < 0 || equals + 1 >= line.length() || line.charAt(equals + 1) != '"') {
        return -1;
      }
      String key = line.substring(i, equals).strip();
      StringBuilder value = new StringBuilder();
      int j = equals + 2;
      for (; j < line.length() && line.charAt(j) != '"'; j++) {
        char c = line.charAt(j);
        if (c == '\\' && j + 1 < line.length()) {
          char next = line.charAt(++j);
          value.append(next == 'n' ? '\n' : next);
        } else {
          value.append(c);
        }
      }
      if (j >= line.length()) {
        return -1;
      }
      labels.put(key, value.toString());
      i = j + 1;
      if (i < line.length() && line.charAt(i) == ',') {
        i++;
      }
    }
    return -1;
  }
}
