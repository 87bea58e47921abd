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
 * Everything the gateway enforces: defaults, teams, users with their limits and key hashes, and models with their
 * backends. Immutable; two policies with the same content are equal. Teams, users and models are kept sorted by
 * name. Read one with {@link PolicyReader}, write one with {@link PolicyWriter}.
 */
public final class Policy {

  private final Defaults defaults;
  private final List<TeamPolicy> teams;
  private final List<UserPolicy> users;
  private final List<ModelRoute> models;
  private final Map<String, TeamPolicy> teamsByName = new HashMap<>();
  private final Map<String, UserPolicy> usersByName = new HashMap<>();
  private final Map<String, UserPolicy> usersByDisplayName = new HashMap<>();
  private final Map<String, UserPolicy> usersByKeyHash = new HashMap<>();
  private final Map<String, ModelRoute> modelsByName = new HashMap<>();

  /**
   * A policy built in code (the operator builds one from custom resources).
   *
   * @throws PolicyException when elements conflict: duplicate team, user, display or model names, a key on two
   *                         users, a user in a team that is not defined, or (when models are given) a user allowed,
   *                         or a user or team limited per model on, a model that is not defined
   */
  public Policy(Defaults defaults, Collection<TeamPolicy> teams, Collection<UserPolicy> users,
      Collection<ModelRoute> models) {
    // PolicyReader has already run these checks with the file's own paths; for it this is a cheap no-op.
    Problems problems = new Problems();
    CrossChecks.check(Located.indexed("Policy", "teams", teams), Located.indexed("Policy", "users", users),
        Located.indexed("Policy", "models", models), problems);
    problems.throwIfAny();

    this.defaults = Objects.requireNonNull(defaults, "defaults");
    this.teams = teams.stream().sorted(Comparator.comparing(TeamPolicy::name)).toList();
    this.users = users.stream().sorted(Comparator.comparing(UserPolicy::name)).toList();
    this.models = models.stream().sorted(Comparator.comparing(ModelRoute::name)).toList();
    this.teams.forEach(team -> teamsByName.put(team.name(), team));
    for (UserPolicy user : this.users) {
      usersByName.put(user.name(), user);
      usersByDisplayName.put(user.displayName().toLowerCase(Locale.ROOT), user);
      user.keys().forEach(key -> usersByKeyHash.put(key.sha256(), user));
    }
    this.models.forEach(model -> modelsByName.put(model.name(), model));
  }

  /** A policy without teams. */
  public Policy(Defaults defaults, Collection<UserPolicy> users, Collection<ModelRoute> models) {
    this(defaults, List.of(), users, models);
  }

  public Defaults defaults() {
    return defaults;
  }

  /** Sorted by name. */
  public List<TeamPolicy> teams() {
    return teams;
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

  public Optional<TeamPolicy> team(String name) {
    return Optional.ofNullable(teamsByName.get(name));
  }

  /** The team the user belongs to; none when the user names no team. */
  public Optional<TeamPolicy> teamOf(UserPolicy user) {
    return user.team() == null ? Optional.empty() : team(user.team());
  }

  /** The user's priority class: their own, else the policy's default. */
  public PriorityClass priorityOf(UserPolicy user) {
    return user.priority() != null ? user.priority() : defaults.priority();
  }

  /** The user's limits with the policy's defaults filled in. */
  public EffectiveLimits limitsOf(UserPolicy user) {
    return EffectiveLimits.of(user.limits().withDefaults(defaults.limits()));
  }

  /** The user's limits on {@code model}, on top of {@link #limitsOf(UserPolicy)}; none when not given. */
  public Optional<EffectiveLimits> modelLimitsOf(UserPolicy user, String model) {
    return Optional.ofNullable(user.modelLimits().get(model)).map(EffectiveLimits::of);
  }

  /** The team's limits: what the team gives, 0 (no limit) for the rest. Teams inherit no defaults. */
  public EffectiveLimits limitsOf(TeamPolicy team) {
    return EffectiveLimits.of(team.limits());
  }

  /** The team's limits on {@code model}, on top of {@link #limitsOf(TeamPolicy)}; none when not given. */
  public Optional<EffectiveLimits> modelLimitsOf(TeamPolicy team, String model) {
    return Optional.ofNullable(team.modelLimits().get(model)).map(EffectiveLimits::of);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Policy that && defaults.equals(that.defaults) && teams.equals(that.teams)
        && users.equals(that.users) && models.equals(that.models);
  }

  @Override
  public int hashCode() {
    return Objects.hash(defaults, teams, users, models);
  }

  @Override
  public String toString() {
    return "Policy[defaults=" + defaults + ", teams=" + teams + ", users=" + users + ", models=" + models + "]";
  }
}
