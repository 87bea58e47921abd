package io.koreanllm.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

public class ApiKeySpec {

  @JsonPropertyDescription("An existing Secret holding the user's key (under the key api-key by default); when "
      + "not given the operator generates a key into the Secret <name>-api-key.")
  public SecretKeyRef secretRef;

  @Min(0)
  @JsonPropertyDescription("How long the previous key keeps working after the key changed (a rotation), in "
      + "minutes; the operator's default (24 hours) when not given.")
  public Integer rotationGraceMinutes;
}
