package io.koreanllm.policy;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoredPolicyTextTest {

  /** Users as the operator writes them: namespaced names, Korean display names, limits of their own, one key each. */
  private static Policy users(int count) {
    List<UserPolicy> users = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      users.add(new UserPolicy("research-team/user-" + i, "사용자 " + i, null,
          new Limits(30, 5000, 300_000L, 500_000L, 0, 2, null, null), List.of("*"),
          List.of(ApiKey.fromPlainKey("sk-" + ApiKeys.sha256Hex("user " + i).substring(0, 40))), false));
    }
    return new Policy(Defaults.BUILT_IN, users, List.of());
  }

  @Test
  void tenThousandUsersDoNotFitAConfigMapAsTextButDoGzippedAndReadBackTheSame() {
    Policy policy = users(10_000);
    String text = new PolicyWriter().toYaml(policy);

    assertThat(text.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(1024 * 1024);
    byte[] gzipped = StoredPolicyText.gzip(text);
    assertThat(gzipped.length).isLessThanOrEqualTo(StoredPolicyText.MAX_BYTES);
    assertThat(gzipped).isEqualTo(StoredPolicyText.gzip(text)); // deterministic: an unchanged policy is not rewritten
    assertThat(new PolicyReader().readString(StoredPolicyText.gunzip(gzipped), "gzipped")).isEqualTo(policy);
  }

  @Test
  void aConfigMapsTextIsReadAsItIsElseGzippedElseNotAtAll() {
    String gzipped = Base64.getEncoder().encodeToString(StoredPolicyText.gzip("users: []\n"));

    assertThat(StoredPolicyText.fromConfigMap(Map.of("policy.yaml", "models: []\n"),
        Map.of("policy.yaml.gz", gzipped), "policy.yaml")).isEqualTo("models: []\n");
    assertThat(StoredPolicyText.fromConfigMap(null, Map.of("policy.yaml.gz", gzipped), "policy.yaml"))
        .isEqualTo("users: []\n");
    assertThat(StoredPolicyText.fromConfigMap(Map.of("other", "x"), null, "policy.yaml")).isNull();
    assertThatThrownBy(() -> StoredPolicyText.fromConfigMap(null, Map.of("policy.yaml.gz", "bm90IGd6aXA="),
        "policy.yaml")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a gzipped policy");
  }

  @Test
  void bytesThatAreNotGzipAreRefused() {
    assertThatThrownBy(() -> StoredPolicyText.gunzip("users: []".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a gzipped policy");
  }
}
