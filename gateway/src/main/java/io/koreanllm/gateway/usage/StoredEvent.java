package io.koreanllm.gateway.usage;

import java.time.Instant;
import java.time.LocalDate;
import tools.jackson.databind.json.JsonMapper;

/** A settled request as the recent-events list in Redis keeps it: compact JSON. */
public record StoredEvent(String id, String user, String team, String model, long admitted, long settled, long day,
    long prompt, long completion, String outcome) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  public static String text(UsageEvent event) {
    return JSON.writeValueAsString(new StoredEvent(event.requestId(), event.user(), event.team(), event.model(),
        event.admittedAt().toEpochMilli(), event.settledAt().toEpochMilli(), event.day().toEpochDay(),
        event.promptTokens(), event.completionTokens(), event.outcome().name()));
  }

  static UsageEvent parse(String text) {
    StoredEvent event = JSON.readValue(text, StoredEvent.class);
    return new UsageEvent(event.id, event.user, event.team, event.model, Instant.ofEpochMilli(event.admitted),
        Instant.ofEpochMilli(event.settled), LocalDate.ofEpochDay(event.day), event.prompt, event.completion,
        Outcome.valueOf(event.outcome));
  }
}
