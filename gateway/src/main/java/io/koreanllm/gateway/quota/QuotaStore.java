package io.koreanllm.gateway.quota;

import io.koreanllm.gateway.usage.Outcome;
import io.koreanllm.gateway.usage.Usage;
import java.time.ZoneId;
import java.util.Collection;
import reactor.core.publisher.Mono;

/**
 * Where the quota state lives. Admission reserves in one atomic step across every scope of the request (the user's,
 * the team's, and theirs on the model), every window, the cooldown and the concurrency caps; settlement replaces the
 * reservation by the real usage, once per request id.
 */
public interface QuotaStore {

  Mono<Admission> admit(AdmissionRequest request);

  /**
   * Replaces the reservation by {@code usage} in every scope that still holds it and records it in the ledger.
   *
   * @return true when this call settled the request, false when it had been settled or released already
   */
  Mono<Boolean> settle(Reservation reservation, Usage usage, Outcome outcome);

  /**
   * Whether settling or releasing this reservation is in effect for this process as soon as it has begun (its Mono
   * subscribed), before the store has confirmed it: every admission and read this process begins afterwards runs
   * after it. Then an answer's last bytes need not wait for the confirmation's round trip. Until the settlement
   * lands, the reservation it replaces (never less than what was used) still counts, so nothing is admitted past a
   * limit meanwhile, here or at another replica. False unless the store says so.
   */
  default boolean inEffectOnceBegun(Reservation reservation) {
    return false;
  }

  /**
   * Forgets an admitted request that was refused after all (the backend rejected it, or never answered): its
   * reservation and its place in the request count go, as if it had never been admitted, and the ledger records
   * nothing. Once per request id, like settlement.
   */
  Mono<Boolean> release(Reservation reservation);

  /** One scope's usage now; {@code holder} says where the state of a user in a team lives. */
  Mono<UsageSnapshot> snapshot(QuotaHolder holder, QuotaScope scope, ZoneId dailyResetZone);

  /**
   * Forgets the user's own usage so far (windows, days, month, cooldown, also per model, for each of
   * {@code models}); their team's usage and the ledger's record stay. Requests in flight still settle into the
   * ledger.
   */
  Mono<Void> reset(QuotaHolder holder, Collection<String> models);
}
