package io.koreanllm.policy;

import io.koreanllm.policy.Fields.Presence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.koreanllm.policy.Sections.DEFAULTS;
import static io.koreanllm.policy.Sections.MODELS;
import static io.koreanllm.policy.Sections.TEAMS;
import static io.koreanllm.policy.Sections.USERS;

/**
 * The shape of the Python seed tools' {@code korean_users.yaml}, so their users can bring their file:
 * <pre>
 * users:
 *   사용자1: {rpm: 20, tpm: 3000, tph: 120000, daily: 500000, cooldown_minutes: 5, description: "일반 사용자 1"}
 * api_keys:
 *   "sk-user1-korean-key-def": "사용자1"
 * </pre>
 * A user's name is the map key and is also its display name; {@code daily} is {@code tpd},
 * {@code cooldown_minutes} is {@code cooldownMinutes}; the seeds' {@code default_limits} (from their
 * {@code korean_model.yaml}) gives the defaults. Every other field belongs to settings of the Python tools
 * that the gateway has no use for: it is ignored (and logged), not an error.
 */
final class SeedShape {

  private static final Logger log = LoggerFactory.getLogger(SeedShape.class);

  static final String API_KEYS = "api_keys";
  static final String DEFAULT_LIMITS = "default_limits";
  static final List<String> TOP_LEVEL = List.of(DEFAULTS, TEAMS, USERS, MODELS, DEFAULT_LIMITS, API_KEYS);
  private static final List<String> USER_FIELDS = List.of("rpm", "tpm", "tph", "daily", "cooldown_minutes", "description");

  private final String source;
  private final Problems problems;
  private final Sections sections;
  private final List<String> ignored = new ArrayList<>();

  SeedShape(String source, Problems problems, Sections sections) {
    this.source = source;
    this.problems = problems;
    this.sections = sections;
  }

  boolean recognises(Fields document) {
    return document.has(API_KEYS) || document.has(DEFAULT_LIMITS) || usersAsMap(document);
  }

  void ignore(Fields fields, List<String> names) {
    names.forEach(name -> ignored.add(fields.path(name)));
  }

  void logIgnored() {
    if (!ignored.isEmpty()) {
      log.warn("{}: ignoring fields of the seed tools that the gateway does not use: {}", source, String.join(", ", ignored));
    }
  }

  void readDefaultLimits(Fields document) {
    if (document.has(DEFAULT_LIMITS) && sections.claim(DEFAULTS, DEFAULT_LIMITS, source)) {
      document.object(DEFAULT_LIMITS).map(this::limits).ifPresent(limits -> sections.defaults(Defaults.of(limits, null)));
    }
  }

  /** Reads {@code users} as a map from name to limits, with their keys from {@code api_keys}. */
  void readUsers(Fields document) {
    Fields users = document.object(USERS).orElseThrow();
    Map<String, List<ApiKey>> keysByUser = apiKeys(document, users.names());
    for (String name : users.names()) {
      int before = problems.count();
      Rules.stableName(name).ifPresent(problem -> users.report(name, problem));
      users.element(users.get(name), name).ifPresent(user -> {
        ignore(user, user.unknown(USER_FIELDS));
        Limits limits = limits(user);
        String description = user.string("description", Presence.OPTIONAL, Rules::anyText);
        List<ApiKey> keys = keysByUser.getOrDefault(name, List.of());
        problems.unlessAnySince(before, () -> new Located<>(
                new UserPolicy(name, name, description, limits, null, keys, false), source, user.path()))
            .ifPresent(sections::user);
      });
    }
  }

  /** {@code api_keys} belongs to the users map; next to a users list it would be a second place for keys. */
  void rejectStrayApiKeys(Fields document) {
    if (document.has(API_KEYS) && !usersAsMap(document)) {
      document.report(API_KEYS, "goes only with users given as a mapping from name to limits (the korean_users.yaml shape);"
          + " with a users list, give each user's keys under keys");
    }
  }

  private Limits limits(Fields fields) {
    return new Limits(fields.intLimit("rpm"), fields.intLimit("tpm"), fields.longLimit("tph"), fields.longLimit("daily"),
        fields.intLimit("cooldown_minutes"), null, null);
  }

  /** Hashes each key of {@code api_keys} for its user. A key is named in problems by its display id only. */
  private Map<String, List<ApiKey>> apiKeys(Fields document, List<String> userNames) {
    Map<String, List<ApiKey>> keysByUser = new HashMap<>();
    document.object(API_KEYS).ifPresent(apiKeys -> {
      for (String key : apiKeys.names()) {
        String label = ApiKeys.displayId(key);
        JsonNode user = apiKeys.get(key);
        Optional<String> keyProblem = Rules.plainKey(key);
        if (keyProblem.isPresent()) {
          apiKeys.report(label, keyProblem.get());
        } else if (!user.isString()) {
          apiKeys.report(label, "must be the name of a user in users (was " + Fields.describe(user) + ")");
        } else if (!userNames.contains(user.stringValue())) {
          apiKeys.report(label, "user '" + user.stringValue() + "' is not in users");
        } else {
          keysByUser.computeIfAbsent(user.stringValue(), name -> new ArrayList<>()).add(ApiKey.fromPlainKey(key));
        }
      }
    });
    return keysByUser;
  }

  private static boolean usersAsMap(Fields document) {
    return document.has(USERS) && document.get(USERS).isObject();
  }
}
