package io.koreanllm.gateway.stats;

import io.koreanllm.gateway.http.ApiError;
import io.koreanllm.policy.Policy;
import io.koreanllm.policy.UserPolicy;

/** A user named in a route's path, by name or display name (percent-encoded UTF-8), or a 404 saying who is unknown. */
public final class KnownUsers {

  private KnownUsers() {
  }

  public static UserPolicy named(Policy policy, String nameOrDisplayName) {
    return policy.user(nameOrDisplayName).orElseThrow(() -> ApiError.notFound("No user '" + nameOrDisplayName
        + "'. / 사용자 '" + nameOrDisplayName + "'을(를) 찾을 수 없습니다."));
  }
}
