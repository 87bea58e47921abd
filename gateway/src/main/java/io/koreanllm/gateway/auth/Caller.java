package io.koreanllm.gateway.auth;

import io.koreanllm.policy.UserPolicy;

/** Who sent a request: a user with an API key, or the administrator. */
public sealed interface Caller {

  record User(UserPolicy policy) implements Caller {
  }

  record Admin() implements Caller {
  }
}
