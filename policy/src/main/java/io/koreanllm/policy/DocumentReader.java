package io.koreanllm.policy;

import io.koreanllm.policy.Fields.Presence;
import tools.jackson.databind.JsonNode;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import static io.koreanllm.policy.Fields.indexed;
import static io.koreanllm.policy.Sections.DEFAULTS;
import static io.koreanllm.policy.Sections.MODELS;
import static io.koreanllm.policy.Sections.TEAMS;
import static io.koreanllm.policy.Sections.USERS;

/**
 * Reads one parsed document into {@link Sections}. The document is in our own shape (see
 * {@code config/users.yaml}), where an unknown field is an error, or in the seeds' {@code korean_users.yaml}
 * shape ({@link SeedShape}); which one is told by the document itself.
 */
final class DocumentReader {

  private static final List<String> TOP_LEVEL = List.of(DEFAULTS, TEAMS, USERS, MODELS);
  private static final List<String> DEFAULTS_FIELDS = List.of("limits", "dailyResetZone", "priority");
  private static final List<String> LIMITS_FIELDS = List.of("rpm", "tpm", "tph", "tpd", "monthlyTokens",
      "cooldownMinutes", "maxConcurrent", "maxTokensPerRequest");
  /** A team's limits and per-model limits: what several users share, or what a model allows. */
  private static final List<String> SHARED_LIMITS_FIELDS =
      List.of("rpm", "tpm", "tph", "tpd", "monthlyTokens", "maxConcurrent");
  private static final List<String> TEAM_FIELDS = List.of("name", "displayName", "description", "limits", "modelLimits");
  private static final List<String> USER_FIELDS = List.of("name", "displayName", "description", "team", "priority",
      "limits", "modelLimits", "models", "keys", "suspended");
  private static final List<String> KEY_FIELDS = List.of("id", "sha256", "key");
  private static final List<String> MODEL_FIELDS = List.of("name", "backend", "engine", "tokenizer", "contextLength",
      "upstreamModel", "capacity", "scheduling");
  private static final List<String> CAPACITY_FIELDS = List.of("requests", "tokens");

  private final String source;
  private final Problems problems;
  private final Sections sections;

  DocumentReader(String source, Problems problems, Sections sections) {
    this.source = source;
    this.problems = problems;
    this.sections = sections;
  }

  void read(ParsedDocument parsed) {
    JsonNode root = parsed.root();
    if (root.isMissingNode() || root.isNull()) {
      return; // an empty document gives no section
    }
    Fields.root(root, source, problems).ifPresent(document -> readSections(document, parsed.users()));
  }

  /** {@code users}: the users list's elements when they are read one at a time, else null. */
  private void readSections(Fields document, Iterable<JsonNode> users) {
    SeedShape seed = new SeedShape(source, problems, sections);
    if (seed.recognises(document)) {
      seed.ignore(document, document.unknown(SeedShape.TOP_LEVEL));
    } else {
      document.allowOnly(TOP_LEVEL);
    }
    if (document.has(DEFAULTS) && sections.claim(DEFAULTS, DEFAULTS, source)) {
      document.object(DEFAULTS).map(this::defaults).ifPresent(sections::defaults);
    }
    seed.readDefaultLimits(document);
    if (document.has(TEAMS) && sections.claim(TEAMS, TEAMS, source)) {
      readList(document, TEAMS, document.list(TEAMS), this::team, sections::team);
    }
    if (document.has(USERS) && sections.claim(USERS, USERS, source)) {
      if (document.get(USERS).isObject()) {
        seed.readUsers(document);
      } else {
        readList(document, USERS, users != null ? users : document.list(USERS), this::user, sections::user);
      }
    }
    seed.rejectStrayApiKeys(document);
    if (document.has(MODELS) && sections.claim(MODELS, MODELS, source)) {
      readList(document, MODELS, document.list(MODELS), this::model, sections::model);
    }
    seed.logIgnored();
  }

  private Defaults defaults(Fields defaults) {
    defaults.allowOnly(DEFAULTS_FIELDS);
    Limits limits = defaults.object("limits").map(this::limits).orElse(null);
    String zone = defaults.string("dailyResetZone", Presence.OPTIONAL, Rules::zoneId);
    return Defaults.of(limits, zone == null ? null : ZoneId.of(zone), priority(defaults));
  }

  private Limits limits(Fields limits) {
    limits.allowOnly(LIMITS_FIELDS);
    return new Limits(limits.intLimit("rpm"), limits.intLimit("tpm"), limits.longLimit("tph"), limits.longLimit("tpd"),
        limits.intLimit("cooldownMinutes"), limits.intLimit("maxConcurrent"), limits.intLimit("maxTokensPerRequest"),
        limits.longLimit("monthlyTokens"));
  }

  private Limits sharedLimits(Fields limits) {
    limits.allowOnly(SHARED_LIMITS_FIELDS);
    return new Limits(limits.intLimit("rpm"), limits.intLimit("tpm"), limits.longLimit("tph"), limits.longLimit("tpd"),
        null, limits.intLimit("maxConcurrent"), null, limits.longLimit("monthlyTokens"));
  }

  /** {@code modelLimits}: a mapping from model name to limits; null when absent. */
  private Map<String, Limits> modelLimits(Fields owner) {
    return owner.object("modelLimits").map(models -> {
      Map<String, Limits> limits = new LinkedHashMap<>();
      for (String model : models.names()) {
        Rules.modelName(model).ifPresent(problem -> models.report(model, problem));
        models.element(models.get(model), model).map(this::sharedLimits).ifPresent(given -> limits.put(model, given));
      }
      return limits;
    }).orElse(null);
  }

  private PriorityClass priority(Fields fields) {
    String priority = fields.string("priority", Presence.OPTIONAL, Rules::priority);
    return priority == null ? null : PriorityClass.fromId(priority).orElseThrow();
  }

  /** Reads each mapping of a list section; what is read without problems goes to {@code add}. */
  private <T> void readList(Fields document, String section, Iterable<JsonNode> elements,
      Function<Fields, Optional<T>> read, Consumer<T> add) {
    int index = 0;
    for (JsonNode element : elements) {
      document.element(element, indexed(section, index++)).flatMap(read).ifPresent(add);
    }
  }

  private Optional<Located<TeamPolicy>> team(Fields team) {
    int before = problems.count();
    team.allowOnly(TEAM_FIELDS);
    String name = team.string("name", Presence.REQUIRED, Rules::stableName);
    String displayName = team.string("displayName", Presence.OPTIONAL, Rules::displayName);
    String description = team.string("description", Presence.OPTIONAL, Rules::anyText);
    Limits limits = team.object("limits").map(this::sharedLimits).orElse(null);
    Map<String, Limits> modelLimits = modelLimits(team);
    return problems.unlessAnySince(before, () -> new Located<>(
        new TeamPolicy(name, displayName, description, limits, modelLimits), source, team.path()));
  }

  private Optional<Located<UserPolicy>> user(Fields user) {
    int before = problems.count();
    user.allowOnly(USER_FIELDS);
    String name = user.string("name", Presence.REQUIRED, Rules::stableName);
    String displayName = user.string("displayName", Presence.OPTIONAL, Rules::displayName);
    String description = user.string("description", Presence.OPTIONAL, Rules::anyText);
    String team = user.string("team", Presence.OPTIONAL, Rules::stableName);
    PriorityClass priority = priority(user);
    Limits limits = user.object("limits").map(this::limits).orElse(null);
    Map<String, Limits> modelLimits = modelLimits(user);
    List<String> models = user.strings("models", Rules::modelReference);
    List<ApiKey> keys = keys(user);
    boolean suspended = user.flag("suspended");
    return problems.unlessAnySince(before, () -> new Located<>(new UserPolicy(name, displayName, description, limits,
        models, keys, suspended, team, priority, modelLimits), source, user.path()));
  }

  /** Each key is a plain key string, {@code {key: plain}}, or {@code {id, sha256}}; plain keys are hashed here. */
  private List<ApiKey> keys(Fields user) {
    List<JsonNode> elements = user.list("keys");
    List<ApiKey> keys = new ArrayList<>();
    for (int i = 0; i < elements.size(); i++) {
      JsonNode element = elements.get(i);
      String name = indexed("keys", i);
      if (element.isString()) {
        String key = element.stringValue();
        Rules.plainKey(key).ifPresentOrElse(problem -> user.report(name, problem), () -> keys.add(ApiKey.fromPlainKey(key)));
      } else {
        user.element(element, name).flatMap(this::key).ifPresent(keys::add);
      }
    }
    return keys;
  }

  private Optional<ApiKey> key(Fields key) {
    key.allowOnly(KEY_FIELDS);
    if (key.has("key")) {
      if (key.has("id") || key.has("sha256")) {
        key.report("key", "give either key (a plain key, hashed at load) or id and sha256, not both");
        return Optional.empty();
      }
      return Optional.ofNullable(key.string("key", Presence.REQUIRED, Rules::plainKey)).map(ApiKey::fromPlainKey);
    }
    int before = problems.count();
    String id = key.string("id", Presence.REQUIRED, Rules::notBlank);
    String sha256 = key.string("sha256", Presence.REQUIRED, Rules::sha256Hex);
    return problems.unlessAnySince(before, () -> new ApiKey(id, sha256));
  }

  private Optional<Located<ModelRoute>> model(Fields model) {
    int before = problems.count();
    model.allowOnly(MODEL_FIELDS);
    String name = model.string("name", Presence.REQUIRED, Rules::modelName);
    String backend = model.string("backend", Presence.REQUIRED, Rules::backendUrl);
    String engineId = model.string("engine", Presence.REQUIRED, Rules::engine);
    String tokenizer = model.string("tokenizer", Presence.REQUIRED, Rules::notBlank);
    Integer contextLength = model.intNumber("contextLength", Presence.REQUIRED, Rules::positive);
    String upstreamModel = model.string("upstreamModel", Presence.OPTIONAL, Rules::modelName);
    Capacity capacity = model.object("capacity").map(this::capacity).orElse(null);
    String schedulingId = model.string("scheduling", Presence.OPTIONAL, Rules::scheduling);
    Engine engine = engineId == null ? null : Engine.fromId(engineId).orElseThrow();
    SchedulingPolicy scheduling = schedulingId == null ? null : SchedulingPolicy.fromId(schedulingId).orElseThrow();
    if (scheduling != null && engine != null) {
      Rules.scheduling(scheduling, engine).ifPresent(problem -> model.report("scheduling", problem));
    }
    return problems.unlessAnySince(before, () -> new Located<>(new ModelRoute(name, backend, engine, tokenizer,
        contextLength, upstreamModel, capacity, scheduling), source, model.path()));
  }

  private Capacity capacity(Fields capacity) {
    capacity.allowOnly(CAPACITY_FIELDS);
    Integer requests = capacity.intLimit("requests");
    Long tokens = capacity.longLimit("tokens");
    return new Capacity(requests == null ? 0 : requests, tokens == null ? 0 : tokens);
  }
}
