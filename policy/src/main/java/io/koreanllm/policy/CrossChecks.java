package io.koreanllm.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The rules that relate elements to each other, which no single record can check: unique user names,
 * display names and keys (the gateway's lookups must be unambiguous), unique team and model names, users
 * belonging to teams the policy defines, and users calling (or limited per model on) only models the policy
 * defines.
 */
final class CrossChecks {

  private CrossChecks() {
  }

  static void check(List<Located<TeamPolicy>> teams, List<Located<UserPolicy>> users,
      List<Located<ModelRoute>> models, Problems problems) {
    Map<String, Located<ModelRoute>> modelsByName = unique(models, "model", ModelRoute::name, problems);
    Map<String, Located<TeamPolicy>> teamsByName = unique(teams, "team", TeamPolicy::name, problems);
    for (Located<TeamPolicy> team : teams) {
      definedModelsOnly(team, team.value().modelLimits().keySet(), "modelLimits", modelsByName, problems);
    }

    Map<String, Located<UserPolicy>> byName = new HashMap<>();
    Map<String, Located<UserPolicy>> byDisplayName = new HashMap<>();
    Map<String, Located<UserPolicy>> byKeyHash = new HashMap<>();
    for (Located<UserPolicy> located : users) {
      UserPolicy user = located.value();
      Located<UserPolicy> earlier = byName.putIfAbsent(user.name(), located);
      if (earlier != null) {
        problems.add(located.source(), located.path(),
            "duplicate user name '" + user.name() + "' (also " + earlier.path() + ")");
      }
      earlier = byDisplayName.putIfAbsent(user.displayName().toLowerCase(Locale.ROOT), located);
      if (earlier != null && !earlier.value().name().equals(user.name())) {
        problems.add(located.source(), located.path(), "displayName '" + user.displayName()
            + "' is also the display name of " + earlier.path()
            + "; display names must be unique, ignoring case, so that lookup by display name is unambiguous");
      }
      for (ApiKey key : user.keys()) {
        earlier = byKeyHash.putIfAbsent(key.sha256(), located);
        if (earlier != null) {
          problems.add(located.source(), located.path(), "key " + key.id() + " is also a key of "
              + (earlier == located ? "this user" : earlier.path()) + "; each key must belong to one user");
        }
      }
      if (user.team() != null && !teamsByName.containsKey(user.team())) {
        problems.add(located.source(), located.path() + ".team", "team '" + user.team() + "' is not defined; "
            + (teamsByName.isEmpty() ? "the policy has no teams" : "defined teams: " + names(teamsByName.keySet())));
      }
      Set<String> named = new TreeSet<>(user.models());
      named.remove(UserPolicy.ALL_MODELS);
      definedModelsOnly(located, named, "models", modelsByName, problems);
      definedModelsOnly(located, user.modelLimits().keySet(), "modelLimits", modelsByName, problems);
    }
  }

  /** The elements by name; a second element of one name is a problem. */
  private static <T> Map<String, Located<T>> unique(List<Located<T>> elements, String kind,
      Function<T, String> name, Problems problems) {
    Map<String, Located<T>> byName = new HashMap<>();
    for (Located<T> element : elements) {
      Located<T> earlier = byName.putIfAbsent(name.apply(element.value()), element);
      if (earlier != null) {
        problems.add(element.source(), element.path(),
            "duplicate " + kind + " name '" + name.apply(element.value()) + "' (also " + earlier.path() + ")");
      }
    }
    return byName;
  }

  /**
   * Each model named in {@code field} must be defined. A document with users only (config/users.yaml read alone)
   * cannot know the models, so nothing is checked when there are none.
   */
  private static void definedModelsOnly(Located<?> element, Set<String> named, String field,
      Map<String, Located<ModelRoute>> modelsByName, Problems problems) {
    if (modelsByName.isEmpty()) {
      return;
    }
    for (String model : named) {
      if (!modelsByName.containsKey(model)) {
        String where = field.equals("models") ? element.path() : element.path() + "." + field + "." + model;
        problems.add(element.source(), where,
            "model '" + model + "' is not defined; defined models: " + names(modelsByName.keySet()));
      }
    }
  }

  private static String names(Set<String> names) {
    return String.join(", ", new TreeSet<>(names));
  }
}
