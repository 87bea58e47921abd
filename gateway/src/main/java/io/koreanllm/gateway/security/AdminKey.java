package io.koreanllm.gateway.security;

import io.koreanllm.policy.ApiKeys;
import org.springframework.stereotype.Component;

/** The admin key, held as its SHA-256 hash only; none is configured when the setting is blank. */
@Component
public class AdminKey {

  private final String hash;

  AdminKey(SecurityProperties properties) {
    String key = properties.adminKey();
    this.hash = key == null || key.isBlank() ? null : ApiKeys.sha256Hex(key);
  }

  /** Whether {@code key} is the admin key; compared in constant time. */
  public boolean matches(String key) {
    return key != null && matchesHash(ApiKeys.sha256Hex(key));
  }

  boolean matchesHash(String keyHash) {
    return hash != null && ApiKeys.constantTimeEquals(keyHash, hash);
  }
}
