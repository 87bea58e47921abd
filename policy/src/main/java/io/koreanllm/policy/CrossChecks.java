package io.koreanllm.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The rules that relate elements to each other, which no single record can check: unique user names,
 * display names and keys (the gateway's lookups must be unambiguous), unique model names, and users
 * calling only models the policy defines.
 */
final class CrossChecks {

  private CrossChecks() {
  }

  static void check(List<Located<UserPolicy>> users, List<Located<ModelRoute>> models, Problems problems) {
    Map<String, Located<ModelRoute>> modelsByName = new HashMap<>();
    for (Located<ModelRoute> model : models) {
      Located<ModelRoute> earlier = modelsByName.putIfAbsent(model.value().name(), model);
      if (earlier != null) {
        problems.add(model.source(), model.path(),
            "duplicate model name '" + model.value().name() + "' (also " + earlier.path() + ")");
      }
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
      // A document with users only (config/users.yaml read alone) cannot know the models.
      if (!models.isEmpty()) {
        for (String model : user.models()) {
          if (!model.equals(UserPolicy.ALL_MODELS) && !modelsByName.containsKey(model)) {
            problems.add(located.source(), located.path(), "model '" + model
                + "' is not defined; defined models: " + String.join(", ", new TreeSet<>(modelsByName.keySet())));
          }
        }
      }
    }
  }
}
