package io.koreanllm.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.ArrayList;
import java.util.List;

public class KoreanLlmUserStatus extends ResourceStatus {

  @JsonPropertyDescription("Name of the Secret that holds the user's API key (never the key itself).")
  public String apiKeySecret;

  @JsonPropertyDescription("Display id of the current key, such as sk-AbCdE…xyz.")
  public String keyId;

  @JsonPropertyDescription("The keys the gateway accepts for this user, as SHA-256 hashes: the current key and, "
      + "during a rotation's grace period, the previous one with its expiry.")
  public List<KeyHash> keys = new ArrayList<>();

  @JsonPropertyDescription("The last value of the koreanllm.io/rotate-key annotation that was handled.")
  public String lastRotation;

  @JsonPropertyDescription("Tokens the user spent today (the policy's calendar day), as the gateway's quota "
      + "store last reported it.")
  public Long usageToday;
}
