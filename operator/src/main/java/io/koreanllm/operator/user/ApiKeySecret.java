package io.koreanllm.operator.user;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher.Result;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.koreanllm.operator.Labels;
import io.koreanllm.operator.api.KoreanLlmUser;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Secret {@code <user>-api-key} with a generated key. Its desired state is the Secret as it is: a key is
 * generated only when there is none, or when the user's {@code koreanllm.io/rotate-key} annotation has a
 * value this Secret was not made for. The value a key was made for is kept on the Secret itself, so that a
 * new key and the record of the rotation are written in one step: an operator that stops between two
 * writes cannot rotate twice.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class ApiKeySecret extends CRUDKubernetesDependentResource<Secret, KoreanLlmUser> {

  /** The data key the API key is stored under, in generated Secrets and by default in referenced ones. */
  public static final String DATA_KEY = "api-key";
  /** On the Secret: the rotate-key annotation value its key was generated for. */
  public static final String ROTATED_FOR_ANNOTATION = KoreanLlmUser.GROUP + "/rotated-for";
  static final String COMPONENT = "api-key";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int KEY_BYTES = 32;

  public ApiKeySecret() {
    super(Secret.class);
  }

  public static String secretName(KoreanLlmUser user) {
    return user.getMetadata().getName() + "-api-key";
  }

  /** {@code sk-} and 32 random bytes in base64url: 256 bits, nothing to guess. */
  static String newKey() {
    byte[] bytes = new byte[KEY_BYTES];
    RANDOM.nextBytes(bytes);
    return "sk-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The plain key a Secret holds under {@code dataKey}, without the newline a file-made Secret often ends with. */
  static Optional<String> keyIn(Secret secret, String dataKey) {
    return Optional.ofNullable(secret.getData())
        .map(data -> data.get(dataKey))
        .map(encoded -> new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8).strip());
  }

  static Optional<String> rotationRequested(KoreanLlmUser user) {
    return Optional.ofNullable(user.getMetadata().getAnnotations())
        .map(annotations -> annotations.get(KoreanLlmUser.ROTATE_KEY_ANNOTATION));
  }

  static Optional<String> rotatedFor(Secret secret) {
    return Optional.ofNullable(secret.getMetadata().getAnnotations())
        .map(annotations -> annotations.get(ROTATED_FOR_ANNOTATION));
  }

  // The Secret's name is fixed: finding it must not compute the desired state, which depends on finding it.
  @Override
  protected ResourceID targetSecondaryResourceID(KoreanLlmUser user, Context<KoreanLlmUser> context) {
    return new ResourceID(secretName(user), user.getMetadata().getNamespace());
  }

  @Override
  protected Secret desired(KoreanLlmUser user, Context<KoreanLlmUser> context) {
    Optional<String> rotation = rotationRequested(user);
    Optional<Secret> actual = context.getSecondaryResource(Secret.class);
    Optional<String> kept = actual
        .filter(secret -> rotation.isEmpty() || rotation.equals(rotatedFor(secret)))
        .flatMap(secret -> keyIn(secret, DATA_KEY));
    String key = kept.orElseGet(ApiKeySecret::newKey);
    Optional<String> madeFor = kept.isPresent() ? actual.flatMap(ApiKeySecret::rotatedFor) : rotation;
    return new SecretBuilder()
        .withNewMetadata()
        .withName(secretName(user))
        .withNamespace(user.getMetadata().getNamespace())
        .withLabels(Labels.of(user, COMPONENT))
        .withAnnotations(madeFor.map(value -> Map.of(ROTATED_FOR_ANNOTATION, value)).orElse(Map.of()))
        .endMetadata()
        .withType("Opaque")
        .withData(Map.of(DATA_KEY, Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8))))
        .build();
  }

  /** Only the key and what it was made for matter; metadata the API server adds does not. */
  @Override
  public Result<Secret> match(Secret actual, Secret desired, KoreanLlmUser user, Context<KoreanLlmUser> context) {
    boolean same = Objects.equals(actual.getData(), desired.getData())
        && rotatedFor(actual).equals(rotatedFor(desired));
    return Result.computed(same, desired);
  }
}
