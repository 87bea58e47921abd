package io.koreanllm.gateway.queue;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The line in front of each model with a capacity ({@code koreanllm.queue.*}; docs/configuration.md).
 *
 * @param interactiveWeight how many of every (interactive + batch weight) dispatches go to interactive requests while
 *     both classes wait
 * @param batchWeight the same for batch requests: at least 1, so batch is never starved
 * @param interactiveMaxWait the longest an interactive request waits for a slot, then 429 {@code queue_timeout}
 * @param batchMaxWait the longest a batch request waits
 * @param interactiveReserve slots of each model only interactive requests may take: their wait for a slot is then
 *     short even while batch work fills the rest, at the price of those slots idling when only batch work waits
 *     (0, the default, keeps every slot busy while anyone waits)
 */
@ConfigurationProperties("koreanllm.queue")
public record QueueProperties(int interactiveWeight, int batchWeight, Duration interactiveMaxWait,
    Duration batchMaxWait, int interactiveReserve) {

  public QueueProperties {
    interactiveWeight = interactiveWeight <= 0 ? 9 : interactiveWeight;
    batchWeight = batchWeight <= 0 ? 1 : batchWeight;
    interactiveMaxWait = interactiveMaxWait == null ? Duration.ofSeconds(30) : interactiveMaxWait;
    batchMaxWait = batchMaxWait == null ? Duration.ofMinutes(10) : batchMaxWait;
    interactiveReserve = Math.max(0, interactiveReserve);
  }
}
