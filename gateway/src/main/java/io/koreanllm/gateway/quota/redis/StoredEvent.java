package io.koreanllm.gateway.quota.redis;

import io.koreanllm.gateway.ledger.UsageEvent;
import io.koreanllm.gateway.quota.Outcome;
import io.koreanllm.gateway.quota.Reservation;
import io.koreanllm.gateway.quota.Usage;
import java.time.Instant;
import java.time.LocalDate;
import tools.jackson.databind.json.JsonMapper;

/** A settled request as the recent-events list in Redis keeps it: compact JSON. */
record StoredEvent(String id, String user, String model, long admitted, long settled, long day, long prompt,
    long completion, String outcome) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  static String text(Reservation reservation, Usage usage, Outcome outcome, Instant settledAt) {
    return JSON.writeValueAsString(new StoredEvent(reservation.requestId(), reservation.user(), reservation.model(),
        reservation.admittedAt().toEpochMilli(), settledAt.toEpochMilli(), reservation.day().toEpochDay(),
        usage.promptTokens(), usage.completionTokens(), outcome.name()));
  }

  static UsageEvent parse(String text) {
    StoredEvent event = JSON.readValue(text, StoredEvent.class);
    return new UsageEvent(event.id, event.user, event.model, Instant.ofEpochMilli(event.admitted),
        Instant.ofEpochMilli(event.settled), LocalDate.ofEpochDay(event.day), event.prompt, event.completion,
        Outcome.valueOf(event.outcome));
  }
}
