package io.koreanllm.gateway.usage;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of a ledger hash in Redis, as the settlement script writes them: {@code "<epoch day>|r"} (requests),
 * {@code "|p"} (prompt tokens) and {@code "|c"} (completion tokens) for the day, and {@code "<epoch day>|<model>|r"}
 * and so on per model (model names hold no {@code |}).
 */
final class LedgerFields {

  private LedgerFields() {
  }

  /** The day's overall fields, in the order requests, prompt, completion. */
  static List<String> totals(LocalDate day) {
    long epochDay = day.toEpochDay();
    return List.of(epochDay + "|r", epochDay + "|p", epochDay + "|c");
  }

  /** The per-model entries of one ledger for the days {@code from}..{@code to}. */
  static List<DailyUsage> daily(RedisLedgerKeys.Owner owner, Map<String, String> fields, LocalDate from,
      LocalDate to) {
    long first = from.toEpochDay();
    long last = to.toEpochDay();
    Map<String, long[]> sums = new HashMap<>();
    fields.forEach((field, value) -> {
      int bar = field.indexOf('|');
      int lastBar = field.lastIndexOf('|');
      if (bar < 0 || bar == lastBar) {
        return; // a day's overall field
      }
      long day = Long.parseLong(field.substring(0, bar));
      if (day < first || day > last) {
        return;
      }
      long[] sum = sums.computeIfAbsent(field.substring(0, lastBar), key -> new long[3]);
      sum["rpc".indexOf(field.charAt(lastBar + 1))] += Long.parseLong(value);
    });
    List<DailyUsage> daily = new ArrayList<>(sums.size());
    sums.forEach((dayAndModel, sum) -> {
      int bar = dayAndModel.indexOf('|');
      daily.add(new DailyUsage(LocalDate.ofEpochDay(Long.parseLong(dayAndModel.substring(0, bar))), owner.user(),
          owner.team(), dayAndModel.substring(bar + 1), sum[0], sum[1], sum[2]));
    });
    return daily;
  }
}
