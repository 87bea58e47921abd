package io.koreanllm.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/** A user's quotas, as in the policy document; 0 means "no limit", a missing value inherits the default. */
public class UserLimits {

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
  @JsonPropertyDescription("After the user hits a limit, refuse all their requests for this many minutes.")
  public Integer cooldownMinutes;

  @Min(0)
  @JsonPropertyDescription("Requests in flight at once.")
  public Integer maxConcurrent;

  @Min(0)
  @JsonPropertyDescription("Cap on one request's prompt tokens + max_tokens.")
  public Integer maxTokensPerRequest;
}
