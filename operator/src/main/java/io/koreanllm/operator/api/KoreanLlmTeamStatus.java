package io.koreanllm.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

public class KoreanLlmTeamStatus extends ResourceStatus {

  @JsonPropertyDescription("How many KoreanLlmUsers of this namespace name this team in spec.team.")
  public Integer memberCount;

  // One string rather than a list: a status patch made from a stale copy (JSON Patch) could insert into a list
  // twice, while a string is always replaced whole.
  @JsonPropertyDescription("Their names, sorted, separated by ', '.")
  public String members;

  @JsonPropertyDescription("Tokens the members spent today (the policy's calendar day), as the gateway last "
      + "reported it.")
  public Long usedToday;

  @JsonPropertyDescription("Tokens the members spent this calendar month (in the policy's zone), as the gateway "
      + "last reported it.")
  public Long usedThisMonth;
}
