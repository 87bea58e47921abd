package io.koreanllm.gateway.quota.redis;

/** What the gateway does while Redis cannot be reached. In every mode settled usage is journaled, then replayed. */
public enum FailureMode {
  /** Admit nothing: 503 until Redis answers again. Requests admitted before keep streaming and are journaled. */
  CLOSED,
  /** Admit everything without limits; the usage is journaled and counts once Redis is back. */
  OPEN,
  /** Enforce every limit per gateway replica from memory; the usage is journaled and counts once Redis is back. */
  LOCAL
}
