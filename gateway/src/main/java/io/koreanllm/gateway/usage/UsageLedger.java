package io.koreanllm.gateway.usage;

import java.time.LocalDate;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The record of settled usage: what the stats, the admin routes and the usage export read; the quota store writes it
 * as it settles. It is history: a reset forgives a user's quota but keeps the record of what they used.
 */
public interface UsageLedger {

  /** Totals over the quota days {@code from}..{@code to}, both included; {@code user} null means everyone. */
  Mono<UsageTotals> totals(String user, LocalDate from, LocalDate to);

  Mono<List<UserUsage>> topUsers(LocalDate from, LocalDate to, int limit);

  /** The most recently settled requests, newest first. */
  Mono<List<UsageEvent>> recent(int limit);

  /** Every user's usage per model and quota day over {@code from}..{@code to}, both included; in no given order. */
  Mono<List<DailyUsage>> daily(LocalDate from, LocalDate to);
}
