package io.koreanllm.gateway.backend;

import java.time.Duration;

/**
 * What one scrape of a model server's {@code /metrics} said waits in its own queue, published after each poll for
 * the model's line to correct itself with.
 *
 * @param requests requests the server has queued for a running slot
 * @param freshFor how long the reading stands without a newer one (a few poll intervals)
 */
public record EngineWaiting(String model, int requests, Duration freshFor) {
}
