package io.koreanllm.gateway.usage;

import java.time.LocalDate;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The record of settled usage that the stats and admin routes read; the quota store writes it as it settles.
 * Usage before a user's last reset does not count in any total.
 */
public interface UsageLedger {

  /** Totals over the quota days {@code from}..{@code to}, both included; {@code user} null means everyone. */
  Mono<UsageTotals> totals(String user, LocalDate from, LocalDate to);

  Mono<List<UserUsage>> topUsers(LocalDate from, LocalDate to, int limit);

  /** The most recently settled requests, newest first. */
  Mono<List<UsageEvent>> recent(int limit);
}
