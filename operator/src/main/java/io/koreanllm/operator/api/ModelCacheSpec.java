package io.koreanllm.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Quantity;

public class ModelCacheSpec {

  @JsonPropertyDescription("A PersistentVolumeClaim to keep the Hugging Face cache in, so a restarted pod does "
      + "not download the model again.")
  public String claimName;

  @JsonPropertyDescription("Size limit of the emptyDir used when no claim is given.")
  public Quantity sizeLimit;
}
