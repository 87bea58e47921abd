package io.koreanllm.gateway.parity;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The counting-parity probe ({@code koreanllm.parity.*}; docs/configuration.md).
 *
 * @param interval how often every model is probed, the first time at start; zero runs it only when asked
 *     ({@code POST /admin/parity/run})
 * @param timeout the longest one count may take at the backend
 * @param correctAdmission whether admission adds a measured constant offset to a chat's count until the tokenizer
 *     files are fixed
 */
@ConfigurationProperties("koreanllm.parity")
public record ParityProperties(Duration interval, Duration timeout, boolean correctAdmission) {

  public ParityProperties {
    interval = interval == null ? Duration.ofMinutes(5) : interval;
    timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
    if (interval.isNegative()) {
      throw new IllegalArgumentException("koreanllm.parity.interval must not be negative (0 turns it off)");
    }
  }
}
