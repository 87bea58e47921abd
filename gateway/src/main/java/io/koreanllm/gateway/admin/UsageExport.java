package io.koreanllm.gateway.admin;

import io.koreanllm.gateway.usage.DailyUsage;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Daily usage for chargeback: the ledger's days summed per user, team or model. A user who changed teams is charged
 * to the team they were in when each request was admitted; usage of users in no team is a team row without a name.
 *
 * @param rows sorted by day, then by name (no name first)
 */
public record UsageExport(LocalDate from, LocalDate to, Group group, List<Row> rows) {

  /** What the rows are per: each is the sum of the ledger's entries with the same day and the same one of these. */
  public enum Group {
    USER(DailyUsage::user), TEAM(DailyUsage::team), MODEL(DailyUsage::model);

    private final Function<DailyUsage, String> name;

    Group(Function<DailyUsage, String> name) {
      this.name = name;
    }

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** @param name the user's, team's or model's name; null for usage of no team */
  public record Row(LocalDate day, String name, long requests, long promptTokens, long completionTokens) {

    public long totalTokens() {
      return promptTokens + completionTokens;
    }

    Row plus(Row other) {
      return new Row(day, name, requests + other.requests, promptTokens + other.promptTokens,
          completionTokens + other.completionTokens);
    }
  }

  private record Key(LocalDate day, String name) {
  }

  private static final Comparator<Key> ORDER = Comparator.comparing(Key::day)
      .thenComparing(Key::name, Comparator.nullsFirst(Comparator.naturalOrder()));

  static UsageExport of(LocalDate from, LocalDate to, Group group, List<DailyUsage> days) {
    Map<Key, Row> sums = new TreeMap<>(ORDER);
    for (DailyUsage day : days) {
      String name = group.name.apply(day);
      sums.merge(new Key(day.day(), name), new Row(day.day(), name, day.requests(), day.promptTokens(),
          day.completionTokens()), Row::plus);
    }
    return new UsageExport(from, to, group, List.copyOf(sums.values()));
  }
}
