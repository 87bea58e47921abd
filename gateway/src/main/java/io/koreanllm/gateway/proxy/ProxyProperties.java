package io.koreanllm.gateway.proxy;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * How the model routes read requests and talk to backends ({@code koreanllm.*}; docs/configuration.md).
 *
 * @param maxBodySize the largest request body accepted
 * @param defaultMaxTokens what the gateway reserves and sets upstream when a request gives no max_tokens
 * @param backendTimeout the longest the backend may stay silent: before a stream begins, between two reads of it,
 *     and before a whole answer begins generating
 * @param slowestDecode the slowest time per generated token to wait for: a whole (non-streamed) answer arrives only
 *     once generated, so it may take {@code backendTimeout + max_tokens × slowestDecode}
 * @param backendConnectTimeout how long connecting to a backend may take
 */
@ConfigurationProperties("koreanllm")
public record ProxyProperties(DataSize maxBodySize, int defaultMaxTokens, Duration backendTimeout,
    Duration slowestDecode, Duration backendConnectTimeout) {

  public ProxyProperties {
    maxBodySize = maxBodySize == null ? DataSize.ofMegabytes(2) : maxBodySize;
    defaultMaxTokens = defaultMaxTokens <= 0 ? 1024 : defaultMaxTokens;
    backendTimeout = backendTimeout == null ? Duration.ofSeconds(60) : backendTimeout;
    slowestDecode = slowestDecode == null ? Duration.ofMillis(100) : slowestDecode;
    backendConnectTimeout = backendConnectTimeout == null ? Duration.ofSeconds(5) : backendConnectTimeout;
  }

  /** How long a backend may take before its answer's first byte. */
  Duration silenceAllowed(boolean stream, int maxTokens) {
    return stream ? backendTimeout : backendTimeout.plus(slowestDecode.multipliedBy(maxTokens));
  }
}
