package io.koreanllm.gateway.quota.redis;

import io.koreanllm.gateway.quota.UsageSnapshot;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Map;

/** Reads a scope's hash as the admission script writes it (see common.lua): the same sums, from Java. */
final class ScopeHash {

  private ScopeHash() {
  }

  static UsageSnapshot snapshot(Map<String, String> fields, Map<String, String> flights, Instant now, ZoneId zone) {
    long nowMillis = now.toEpochMilli();
    long second = Math.floorDiv(nowMillis, 1000);
    long minute = Math.floorDiv(nowMillis, 60_000);
    LocalDate today = LocalDate.ofInstant(now, zone);
    YearMonth month = YearMonth.from(today);
    String day = Long.toString(today.toEpochDay());
    long requests = 0;
    long minuteTokens = 0;
    long hourTokens = 0;
    for (Map.Entry<String, String> field : fields.entrySet()) {
      String name = field.getKey();
      char kind = name.charAt(0);
      if (kind != 'r' && kind != 't' && kind != 'h') {
        continue;
      }
      long index = Long.parseLong(name.substring(1));
      long amount = Long.parseLong(field.getValue());
      if (kind == 'r' && index >= second - 60) {
        requests += amount;
      } else if (kind == 't' && index >= second - 60) {
        minuteTokens += amount;
      } else if (kind == 'h' && index >= minute - 60) {
        hourTokens += amount;
      }
    }
    long cooldown = number(fields.get("c"));
    int inFlight = (int) flights.values().stream().filter(until -> Long.parseLong(until) >= nowMillis).count();
    return new UsageSnapshot(requests, minuteTokens, hourTokens, number(fields.get("n" + day)),
        number(fields.get("d" + day)), number(fields.get("m" + monthIndex(month))), inFlight,
        cooldown > nowMillis ? Instant.ofEpochMilli(cooldown) : null);
  }

  /** A month as the scripts number it: year * 12 + month - 1. */
  private static long monthIndex(YearMonth month) {
    return month.getYear() * 12L + month.getMonthValue() - 1;
  }

  private static long number(String value) {
    return value == null ? 0 : Long.parseLong(value);
  }
}
