package io.koreanllm.operator.user;

import io.koreanllm.operator.api.KeyHash;
import io.koreanllm.operator.api.KoreanLlmUser;
import io.koreanllm.operator.api.SecretKeyRef;
import io.koreanllm.policy.ApiKey;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which keys of a user the gateway accepts. The Secret holds only the current key; the status lists its
 * hash and, for a grace period, the hashes of the keys it replaced. Any change of the Secret's key counts
 * as a rotation, whether the operator generated a new key or someone changed a referenced Secret.
 */
final class UserKeys {

  private UserKeys() {
  }

  static Optional<SecretKeyRef> secretRef(KoreanLlmUser user) {
    return Optional.ofNullable(user.getSpec().apiKey).map(apiKey -> apiKey.secretRef);
  }

  static String secretName(KoreanLlmUser user) {
    return secretRef(user).map(ref -> ref.name).orElseGet(() -> ApiKeySecret.secretName(user));
  }

  static String dataKey(KoreanLlmUser user) {
    return secretRef(user).map(ref -> ref.key).orElse(ApiKeySecret.DATA_KEY);
  }

  /**
   * The keys to list once the Secret holds {@code current}: it first, then every other listed key that is
   * still in its grace period. A key listed without an expiry was current until now, so its grace starts now.
   */
  static List<KeyHash> next(List<KeyHash> listed, ApiKey current, Instant now, Duration grace) {
    List<KeyHash> replaced = new ArrayList<>();
    for (KeyHash key : listed) {
      if (key.sha256.equals(current.sha256())) {
        continue;
      }
      Instant expiry = key.expiresAt != null ? Instant.parse(key.expiresAt) : now.plus(grace);
      if (expiry.isAfter(now)) {
        replaced.add(new KeyHash(key.id, key.sha256, expiry.toString()));
      }
    }
    replaced.sort(Comparator.comparing((KeyHash key) -> Instant.parse(key.expiresAt))
        .thenComparing(key -> key.sha256));
    List<KeyHash> keys = new ArrayList<>();
    keys.add(new KeyHash(current.id(), current.sha256(), null));
    keys.addAll(replaced);
    return keys;
  }

  /** When the next replaced key stops working, if one is still listed. */
  static Optional<Instant> nextExpiry(List<KeyHash> keys) {
    return keys.stream()
        .filter(key -> key.expiresAt != null)
        .map(key -> Instant.parse(key.expiresAt))
        .min(Comparator.naturalOrder());
  }
}
