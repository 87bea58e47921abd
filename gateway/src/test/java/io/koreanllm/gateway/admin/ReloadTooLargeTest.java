package io.koreanllm.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.koreanllm.gateway.http.ApiError;
import io.koreanllm.gateway.policy.PolicyHolder;
import io.koreanllm.gateway.policy.PolicySource;
import io.koreanllm.gateway.policy.PolicyTooLargeException;
import io.koreanllm.policy.ApiKey;
import io.koreanllm.policy.Defaults;
import io.koreanllm.policy.Policy;
import io.koreanllm.policy.UserPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import reactor.test.StepVerifier;

/**
 * A reload whose policy runs the gateway out of heap while it is read is answered (it used to leave the request
 * open for good: Reactor does not turn an {@link OutOfMemoryError} into an error signal) and keeps the policy in force.
 */
class ReloadTooLargeTest {

  private static final Policy SMALL = new Policy(Defaults.BUILT_IN, List.of(new UserPolicy("user1", null, null, null,
      null, List.of(ApiKey.fromPlainKey("sk-reload-too-large-1234")), false)), List.of());

  @Test
  void aPolicyThatRunsOutOfHeapWhileReadIsRefusedWith500AndTheOldOneStays() {
    AtomicInteger reads = new AtomicInteger();
    PolicySource source = new PolicySource() {
      @Override
      public Policy read() {
        return PolicyTooLargeException.whileReading(describe(), () -> {
          if (reads.getAndIncrement() == 0) {
            return SMALL;
          }
          long[] tooLarge = new long[Integer.MAX_VALUE - 8]; // a real OutOfMemoryError, thrown by the JVM
          throw new AssertionError("allocated " + tooLarge.length);
        });
      }

      @Override
      public String describe() {
        return "a test policy";
      }
    };
    PolicyHolder policies = new PolicyHolder(source, List.of());
    AdminUsageController admin = new AdminUsageController(policies, null, null, null, null, Clock.systemUTC());

    StepVerifier.create(admin.reloadConfig())
        .expectErrorSatisfies(error -> {
          assertThat(error).isInstanceOf(ApiError.class);
          ApiError refused = (ApiError) error;
          assertThat(refused.status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
          assertThat(refused.code()).isEqualTo("policy_too_large");
          assertThat(refused.getMessage()).contains("previous one stays in force", "a test policy", "heap of",
              "-Xmx");
        })
        .verify(Duration.ofSeconds(30));
    assertThat(reads).hasValue(2);
    assertThat(policies.current()).isSameAs(SMALL);
  }
}
