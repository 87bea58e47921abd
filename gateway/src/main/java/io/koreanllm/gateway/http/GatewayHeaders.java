package io.koreanllm.gateway.http;

/** The response headers the gateway sets on the model routes, beside OpenAI's rate-limit headers. */
public final class GatewayHeaders {

  /** The request's id, as the ledger and the logs know it. */
  public static final String REQUEST_ID = "x-request-id";
  /** The prompt tokens the gateway counted and reserved, so a client can compare them with the usage it gets. */
  public static final String PROMPT_TOKENS = "x-koreanllm-prompt-tokens";

  /** How long the request waited in the model's line for a slot of its capacity, in milliseconds. */
  public static final String QUEUE_WAIT_MS = "x-queue-wait-ms";
  /** Beside {@code Retry-After} (whole seconds): when to retry, in milliseconds, as OpenAI's SDKs read it. */
  public static final String RETRY_AFTER_MS = "retry-after-ms";
  /** {@code false} where retrying cannot help (a daily limit, a suspended user, a model not allowed). */
  public static final String SHOULD_RETRY = "x-should-retry";

  public static final String LIMIT_REQUESTS = "x-ratelimit-limit-requests";
  public static final String REMAINING_REQUESTS = "x-ratelimit-remaining-requests";
  public static final String RESET_REQUESTS = "x-ratelimit-reset-requests";
  public static final String LIMIT_TOKENS = "x-ratelimit-limit-tokens";
  public static final String REMAINING_TOKENS = "x-ratelimit-remaining-tokens";
  public static final String RESET_TOKENS = "x-ratelimit-reset-tokens";

  private GatewayHeaders() {
  }
}
