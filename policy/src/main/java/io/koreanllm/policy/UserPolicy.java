package io.koreanllm.policy;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One user of the gateway.
 *
 * @param name        stable id (Korean allowed; at most one {@code /}, as in the operator's
 *                    {@code <namespace>/<name>}; see {@link Rules#stableName})
 * @param displayName name shown to people; the {@code name} when not given. Unique in a policy, ignoring case
 * @param description free text, may be null
 * @param limits      the user's own limits; null fields inherit the policy's defaults
 * @param models      the models the user may call, sorted; {@code ["*"]} (the default) allows all
 * @param keys        the user's API keys (hashes only), sorted; a user may have several, e.g. during rotation
 * @param suspended   when true every request with the user's key is refused (403)
 * @param team        the name of the team the user belongs to (a user belongs to at most one), or null
 * @param priority    the user's priority class, or null for the policy's default ({@link Policy#priorityOf})
 * @param modelLimits limits per model on top of {@code limits}: model name → limits, sorted and unmodifiable;
 *                    empty when none. A field left out of an entry is not limited for that model (not inherited);
 *                    an entry has no {@code cooldownMinutes} or {@code maxTokensPerRequest}
 */
public record UserPolicy(String name, String displayName, String description, Limits limits,
             List<String> models, List<ApiKey> keys, boolean suspended,
             String team, PriorityClass priority, Map<String, Limits> modelLimits) {

  /** The {@link #models()} entry that allows every model. */
  public static final String ALL_MODELS = "*";

  // Models form a set and key order carries no meaning: sorting here makes equal users equal and the
  // written document independent of the order things were given in.
  private static final Comparator<ApiKey> KEY_ORDER =
      Comparator.comparing(ApiKey::id).thenComparing(ApiKey::sha256);

  public UserPolicy {
    Rules.check("name", Rules.stableName(name));
    displayName = displayName == null ? name : displayName;
    Rules.check("displayName", Rules.displayName(displayName));
    limits = limits == null ? Limits.NONE : limits;
    models = models == null ? List.of(ALL_MODELS) : List.copyOf(new TreeSet<>(models));
    models.forEach(model -> Rules.check("models", Rules.modelReference(model)));
    keys = keys == null ? List.of() : keys.stream().sorted(KEY_ORDER).toList();
    if (team != null) {
      Rules.check("team", Rules.stableName(team));
    }
    modelLimits = ModelLimits.of("modelLimits", modelLimits);
  }

  /** A user in no team, of the default priority class, without per-model limits. */
  public UserPolicy(String name, String displayName, String description, Limits limits, List<String> models,
      List<ApiKey> keys, boolean suspended) {
    this(name, displayName, description, limits, models, keys, suspended, null, null, null);
  }

  public boolean allowsModel(String model) {
    return models.contains(ALL_MODELS) || models.contains(model);
  }
}
