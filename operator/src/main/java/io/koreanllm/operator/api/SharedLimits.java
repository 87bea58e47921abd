package io.koreanllm.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/**
 * Limits that several users share (a team's) or that hold on one model (an entry of {@code modelLimits}), as in
 * the policy document: 0 means "no limit", and a missing value is not limited either (these inherit nothing). A
 * user's own limits ({@link UserLimits}) add what only one user can have.
 */
public class SharedLimits {

  @Min(0)
  @JsonPropertyDescription("Requests per rolling minute.")
  public Integer rpm;

  @Min(0)
  @JsonPropertyDescription("Tokens (prompt + completion) per rolling minute.")
  public Integer tpm;

  @Min(0)
  @JsonPropertyDescription("Tokens per rolling hour.")
  public Long tph;

  @Min(0)
  @JsonPropertyDescription("Tokens per calendar day in the policy's daily reset zone (Asia/Seoul by default).")
  public Long tpd;

  @Min(0)
  @JsonPropertyDescription("Tokens per calendar month in the policy's daily reset zone: a monthly budget.")
  public Long monthlyTokens;

  @Min(0)
  @JsonPropertyDescription("Requests in flight at once.")
  public Integer maxConcurrent;
}
