package io.koreanllm.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link CountingBenchmark} (JMH command-line options pass through; {@code -h} lists them) and prints MB/s and
 * tokens/s per tokenizer and mode, against DJL's plain encode and the counting targets.
 */
public final class CountingBenchmarks {

  /** Targets for exact counting of Korean chat text on one core, in MB/s. */
  static final double WARM_TARGET = 20;
  static final double COLD_TARGET = 2.5;

  private CountingBenchmarks() {
  }

  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    CommandLineOptions commandLine = new CommandLineOptions(args);
    ChainedOptionsBuilder options = new OptionsBuilder().parent(commandLine);
    if (commandLine.getIncludes().isEmpty()) {
      options.include(CountingBenchmark.class.getSimpleName());
    }
    Collection<RunResult> results = new Runner(options.build()).run();
    System.out.println();
    System.out.print(table(results));
  }

  static String table(Collection<RunResult> results) {
    List<RunResult> sorted = new ArrayList<>(results);
    sorted.sort(Comparator.comparing(CountingBenchmarks::group).thenComparing(r -> -mbPerSecond(r)));
    StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-8s %-6s %-16s %10s %9s %12s %9s  %s%n",
        "model", "text", "mode", "prompts/s", "MB/s", "tokens/s", "x encode", "target"));
    for (RunResult result : sorted) {
      String mode = mode(result);
      double baseline = sorted.stream().filter(r -> group(r).equals(group(result)) && mode(r).equals("djlEncode"))
          .mapToDouble(CountingBenchmarks::mbPerSecond).findFirst().orElse(Double.NaN);
      double mb = mbPerSecond(result);
      boolean chat = "chat".equals(result.getParams().getParam("text"));
      table.append(String.format(Locale.ROOT, "%-8s %-6s %-16s %10.1f %9.2f %12.0f %9.1f  %s%n",
          result.getParams().getParam("tokenizer"), result.getParams().getParam("text"), mode,
          result.getPrimaryResult().getScore(), mb, secondary(result, "tokens"), mb / baseline,
          chat ? verdict(mode, mb) : ""));
    }
    return table.toString();
  }

  private static String verdict(String mode, double mb) {
    double target = switch (mode) {
      case "countWarm" -> WARM_TARGET;
      case "countCold" -> COLD_TARGET;
      default -> Double.NaN;
    };
    if (Double.isNaN(target)) {
      return "";
    }
    return String.format(Locale.ROOT, ">= %.1f MB/s: %s", target,
        mb >= target ? "met" : String.format(Locale.ROOT, "MISSED by %.0f%%", 100 * (1 - mb / target)));
  }

  /** Tokenizer and text: the rows compared with one DJL encode. */
  private static String group(RunResult result) {
    return result.getParams().getParam("tokenizer") + " " + result.getParams().getParam("text");
  }

  private static String mode(RunResult result) {
    String label = result.getParams().getBenchmark();
    return label.substring(label.lastIndexOf('.') + 1);
  }

  private static double mbPerSecond(RunResult result) {
    return secondary(result, "bytes") / 1e6;
  }

  private static double secondary(RunResult result, String name) {
    Result<?> counter = result.getSecondaryResults().get(name);
    return counter == null ? Double.NaN : counter.getScore();
  }
}
