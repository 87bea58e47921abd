package io.koreanllm.gateway.policy;

import io.koreanllm.policy.Policy;
import java.util.function.Consumer;

/** Where the policy comes from: files (local mode) or the ConfigMap the operator writes (a cluster). */
public interface PolicySource {

  /** Reads the policy now; throws {@link io.koreanllm.policy.PolicyException} when it is invalid. */
  Policy read();

  /**
   * Calls {@code changed} with the source's text whenever it changes, until the gateway stops. Files are read again
   * only when asked ({@code POST /admin/reload-config}), so they do not watch.
   */
  default void watch(Consumer<Policy> changed, Consumer<RuntimeException> invalid) {
  }

  /** What {@link #read()} reads, for logs. */
  String describe();
}
