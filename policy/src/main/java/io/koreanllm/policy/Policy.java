package io.koreanllm.policy;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the gateway enforces: defaults, users with their limits and key hashes, and models with their
 * backends. Immutable; two policies with the same content are equal. Users and models are kept sorted by
 * name. Read one with {@link PolicyReader}, write one with {@link PolicyWriter}.
 */
public final class Policy {

  private final Defaults defaults;
  private final List<UserPolicy> users;
  private final List<ModelRoute> models;
  private final Map<String, UserPolicy> usersByName = new HashMap<>();
  private final Map<String, UserPolicy> usersByDisplayName = new HashMap<>();
  private final Map<String, UserPolicy> usersByKeyHash = new HashMap<>();
  private final Map<String, ModelRoute> modelsByName = new HashMap<>();

  /**
   * A policy built in code (the operator builds one from custom resources).
   *
   * @throws PolicyException when elements conflict: duplicate user, display or model names, a key on two
   *                         users, or (when models are given) a user allowed a model that is not defined
   */
  public Policy(Defaults defaults, Collection<UserPolicy> users, Collection<ModelRoute> models) {
    // PolicyReader has already run these checks with the file's own paths; for it this is a cheap no-op.
    Problems problems = new Problems();
    CrossChecks.check(Located.indexed("Policy", "users", users), Located.indexed("Policy", "models", models), problems);
    problems.throwIfAny();

    this.defaults = Objects.requireNonNull(defaults, "defaults");
    this.users = users.stream().sorted(Comparator.comparing(UserPolicy::name)).toList();
    this.models = models.stream().sorted(Comparator.comparing(ModelRoute::name)).toList();
    for (UserPolicy user : this.users) {
      usersByName.put(user.name(), user);
      usersByDisplayName.put(user.displayName().toLowerCase(Locale.ROOT), user);
      user.keys().forEach(key -> usersByKeyHash.put(key.sha256(), user));
    }
    this.models.forEach(model -> modelsByName.put(model.name(), model));
  }

  public Defaults defaults() {
    return defaults;
  }

  /** Sorted by name. */
  public List<UserPolicy> users() {
    return users;
  }

  /** Sorted by name. */
  public List<ModelRoute> models() {
    return models;
  }

  /**
   * The user holding the key with this hash ({@link ApiKeys#sha256Hex}). Suspended users are found too,
   * so that the gateway can tell "unknown key" (401) from "suspended" (403). A hash lookup needs no
   * constant-time comparison: timing reveals at most something about a hash, not about a key.
   */
  public Optional<UserPolicy> userByKeyHash(String sha256Hex) {
    return Optional.ofNullable(usersByKeyHash.get(sha256Hex));
  }

  /** The user with this name, or else the one with this display name (ignoring case; display names are unique). */
  public Optional<UserPolicy> user(String nameOrDisplayName) {
    UserPolicy byName = usersByName.get(nameOrDisplayName);
    return byName != null
        ? Optional.of(byName)
        : Optional.ofNullable(usersByDisplayName.get(nameOrDisplayName.toLowerCase(Locale.ROOT)));
  }

  public Optional<ModelRoute> model(String name) {
    return Optional.ofNullable(modelsByName.get(name));
  }

  /** The user's limits with the policy's defaults filled in. */
  public EffectiveLimits limitsOf(UserPolicy user) {
    return EffectiveLimits.of(user.limits().withDefaults(defaults.limits()));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Policy that
        && defaults.equals(that.defaults) && users.equals(that.users) && models.equals(that.models);
  }

  @Override
  public int hashCode() {
    return Objects.hash(defaults, users, models);
  }

  @Override
  public String toString() {
    return "Policy[defaults=" + defaults + ", users=" + users + ", models=" + models + "]";
  }
}
