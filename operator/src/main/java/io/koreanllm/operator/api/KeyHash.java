package io.koreanllm.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** An API key as the status and the policy know it: a display id and a SHA-256, never the key. */
public class KeyHash {

  @JsonPropertyDescription("Display id of the key.")
  public String id;

  @JsonPropertyDescription("Lower-case hex SHA-256 of the key.")
  public String sha256;

  @JsonPropertyDescription("When a replaced key stops working (RFC 3339); absent for the current key.")
  public String expiresAt;

  public KeyHash() {
  }

  public KeyHash(String id, String sha256, String expiresAt) {
    this.id = id;
    this.sha256 = sha256;
    this.expiresAt = expiresAt;
  }
}
