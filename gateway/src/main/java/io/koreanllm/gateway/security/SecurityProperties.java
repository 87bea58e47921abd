package io.koreanllm.gateway.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The admin credentials ({@code koreanllm.*}; docs/configuration.md).
 *
 * @param adminKey the key that opens the admin and stats routes; blank closes them
 * @param dashboardSession how long a dashboard login lasts
 */
@ConfigurationProperties("koreanllm")
public record SecurityProperties(String adminKey, Duration dashboardSession) {

  public SecurityProperties {
    dashboardSession = dashboardSession == null ? Duration.ofHours(8) : dashboardSession;
  }
}
