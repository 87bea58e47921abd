package io.koreanllm.gateway.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The record of settled usage that the stats and admin routes read. Usage before a user's last reset does not
 * count in any total; the events themselves are kept.
 */
public interface UsageLedger {

  /** @return false when an event with that request id was recorded before (it is not counted twice) */
  Mono<Boolean> record(UsageEvent event);

  /** Totals over the quota days {@code from}..{@code to}, both included; {@code user} null means everyone. */
  Mono<UsageTotals> totals(String user, LocalDate from, LocalDate to);

  Mono<List<UserUsage>> topUsers(LocalDate from, LocalDate to, int limit);

  Mono<List<UsageEvent>> recent(int limit);

  /** Events admitted at or after {@code since} that still count (not before a reset). */
  Mono<List<UsageEvent>> countedSince(Instant since);

  Mono<Void> markReset(String user, Instant at);
}
