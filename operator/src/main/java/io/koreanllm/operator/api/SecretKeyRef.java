package io.koreanllm.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A key of a Secret in the resource's own namespace. */
public class SecretKeyRef {

  @Required
  @JsonPropertyDescription("Name of the Secret, in the resource's namespace.")
  public String name;

  @JsonPropertyDescription("Key within the Secret's data; the field using this reference names the default.")
  public String key;

  public SecretKeyRef() {
  }

  public SecretKeyRef(String name, String key) {
    this.name = name;
    this.key = key;
  }
}
