package io.koreanllm.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.Map;

public class KoreanLlmTeamSpec {

  @JsonPropertyDescription("Name shown to people, Korean allowed; <namespace>/<name> when not given.")
  public String displayName;

  @JsonPropertyDescription("Free text about the team.")
  public String description;

  @JsonPropertyDescription("Limits all members share, on top of each member's own; a request must fit both. A limit "
      + "not given, or 0, is no limit: teams inherit nothing from the policy's defaults.")
  public SharedLimits limits;

  @JsonPropertyDescription("Limits per model (its served name) on top of limits, shared by all members: model → "
      + "rpm, tpm, tph, tpd, monthlyTokens, maxConcurrent.")
  public Map<String, SharedLimits> modelLimits;
}
