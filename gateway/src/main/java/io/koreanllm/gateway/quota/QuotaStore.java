package io.koreanllm.gateway.quota;

import io.koreanllm.gateway.usage.Outcome;
import io.koreanllm.gateway.usage.Usage;
import java.time.ZoneId;
import reactor.core.publisher.Mono;

/**
 * Where the quota state lives. Admission reserves in one atomic step across every window, the cooldown and the
 * concurrency cap; settlement replaces the reservation by the real usage, once per request id.
 */
public interface QuotaStore {

  Mono<Admission> admit(AdmissionRequest request);

  /**
   * Replaces the reservation by {@code usage} and records it in the ledger.
   *
   * @return true when this call settled the request, false when it had been settled already
   */
  Mono<Boolean> settle(Reservation reservation, Usage usage, Outcome outcome);

  /**
   * Forgets an admitted request that was refused after all (the backend rejected it, or never answered): its
   * reservation and its place in the request count go, as if it had never been admitted, and the ledger records
   * nothing. Once per request id, like settlement.
   */
  Mono<Boolean> release(Reservation reservation);

  Mono<UsageSnapshot> snapshot(String user, ZoneId dailyResetZone);

  /** Forgets the user's usage so far (windows, today, cooldown); the ledger keeps its history. */
  Mono<Void> reset(String user);
}
