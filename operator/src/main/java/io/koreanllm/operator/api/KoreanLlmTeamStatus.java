package io.koreanllm.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.ArrayList;
import java.util.List;

public class KoreanLlmTeamStatus extends ResourceStatus {

  @JsonPropertyDescription("How many KoreanLlmUsers of this namespace name this team in spec.team.")
  public Integer memberCount;

  @JsonPropertyDescription("Their names, sorted.")
  public List<String> members = new ArrayList<>();

  @JsonPropertyDescription("Tokens the members spent today (the policy's calendar day), as the gateway last "
      + "reported it.")
  public Long usedToday;

  @JsonPropertyDescription("Tokens the members spent this calendar month (in the policy's zone), as the gateway "
      + "last reported it.")
  public Long usedThisMonth;
}
