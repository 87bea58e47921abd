package io.koreanllm.policy;

import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * One user of the gateway.
 *
 * @param name        stable id (1–63 characters, no {@code /}, Korean allowed)
 * @param displayName name shown to people; the {@code name} when not given. Unique in a policy, ignoring case
 * @param description free text, may be null
 * @param limits      the user's own limits; null fields inherit the policy's defaults
 * @param models      the models the user may call, sorted; {@code ["*"]} (the default) allows all
 * @param keys        the user's API keys (hashes only), sorted; a user may have several, e.g. during rotation
 * @param suspended   when true every request with the user's key is refused (403)
 */
public record UserPolicy(String name, String displayName, String description, Limits limits,
             List<String> models, List<ApiKey> keys, boolean suspended) {

  /** The {@link #models()} entry that allows every model. */
  public static final String ALL_MODELS = "*";

  // Models form a set and key order carries no meaning: sorting here makes equal users equal and the
  // written document independent of the order things were given in.
  private static final Comparator<ApiKey> KEY_ORDER =
      Comparator.comparing(ApiKey::id).thenComparing(ApiKey::sha256);

  public UserPolicy {
    Rules.check("name", Rules.userName(name));
    displayName = displayName == null ? name : displayName;
    Rules.check("displayName", Rules.displayName(displayName));
    limits = limits == null ? Limits.NONE : limits;
    models = models == null ? List.of(ALL_MODELS) : List.copyOf(new TreeSet<>(models));
    models.forEach(model -> Rules.check("models", Rules.modelReference(model)));
    keys = keys == null ? List.of() : keys.stream().sorted(KEY_ORDER).toList();
  }

  public boolean allowsModel(String model) {
    return models.contains(ALL_MODELS) || models.contains(model);
  }
}
