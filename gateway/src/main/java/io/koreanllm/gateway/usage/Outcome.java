package io.koreanllm.gateway.usage;

/** How an admitted request ended; recorded with its usage in the ledger. */
public enum Outcome {
  /** The backend answered in full and reported usage. */
  COMPLETED,
  /** The client went away mid-answer; charged what was generated until then. */
  CLIENT_CANCELLED,
  /** The backend failed or cut its answer short; charged what it reported, or what it sent before failing. */
  BACKEND_ERROR
}
