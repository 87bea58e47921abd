package io.koreanllm.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/**
 * A user's quotas, as in the policy document; 0 means "no limit", a missing value inherits the default. Besides
 * the limits a team or a model entry has, a user alone has a cooldown and a cap on one request.
 */
public class UserLimits extends SharedLimits {

  @Min(0)
  @JsonPropertyDescription("After the user hits a limit, refuse all their requests for this many minutes.")
  public Integer cooldownMinutes;

  @Min(0)
  @JsonPropertyDescription("Cap on one request's prompt tokens + max_tokens.")
  public Integer maxTokensPerRequest;
}
