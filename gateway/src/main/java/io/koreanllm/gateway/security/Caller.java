package io.koreanllm.gateway.security;

import io.koreanllm.policy.UserPolicy;

/** Who sent a request: a user with an API key, the administrator with the admin key, or a dashboard login. */
public sealed interface Caller {

  record User(UserPolicy policy) implements Caller {
  }

  record Admin() implements Caller {
  }

  /** A browser logged in to the dashboard with the admin key: it may read, never change. */
  record DashboardSession() implements Caller {
  }
}
