package io.koreanllm.gateway.observe;

import java.time.Duration;
import java.time.Instant;

/**
 * One request to a model route as the gateway saw it end. Never holds a key or a prompt.
 *
 * @param requestId the {@code x-request-id} the client got; null when refused before admission
 * @param user the user's name; {@link RequestTrace#UNKNOWN} when refused before the key was known
 * @param model the model named; {@link RequestTrace#UNKNOWN} when refused before the body was read
 * @param reason for a refusal, its {@code error.code} (the limit's code for a 429); else null
 * @param status the HTTP status of a refusal; 0 for a request that was admitted (see {@code outcome})
 * @param admission from arrival to the admission decision (authentication, counting, reservation)
 * @param upstream from forwarding to the end of the backend's answer; null when never forwarded
 * @param timeToFirstToken from arrival to the first generated text of a stream, the wait for the model's capacity
 *     included; null for whole answers
 */
public record RequestRecord(Instant time, String requestId, String user, String model, boolean stream,
    RequestOutcome outcome, String reason, int status, long promptTokens, long completionTokens, Duration admission,
    Duration upstream, Duration timeToFirstToken) {
}
