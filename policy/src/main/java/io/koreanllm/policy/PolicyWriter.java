package io.koreanllm.policy;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

import java.util.Map;

/**
 * Writes a policy as YAML or JSON in our own shape, as the operator puts it into the gateway's ConfigMap.
 * The output is deterministic (teams, users and models sorted by name, fields in a fixed order, no nulls), so an
 * unchanged policy gives an unchanged ConfigMap, and it holds key hashes only.
 * {@code PolicyReader.readString(write(policy))} equals {@code policy}. Thread-safe.
 *
 * <p>A field whose value is what its absence means (no team, the default priority, no per-model limits, no
 * capacity, first-come-first-served scheduling, an upstream model named as the model, an empty teams section) is
 * left out: a policy that uses none of them reads the same in a gateway that predates them.
 */
public final class PolicyWriter {

  // Every string is quoted: a name such as 1234 or true then reads back as the string it was.
  private static final YAMLMapper YAML = YAMLMapper.builder()
      .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
      .disable(YAMLWriteFeature.SPLIT_LINES)
      .build();
  private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  public String toYaml(Policy policy) {
    return YAML.writeValueAsString(document(policy));
  }

  public String toJson(Policy policy) {
    return JSON.writeValueAsString(document(policy)) + "\n";
  }

  private static ObjectNode document(Policy policy) {
    ObjectNode document = NODES.objectNode();
    ObjectNode defaults = document.putObject("defaults");
    defaults.set("limits", limits(policy.defaults().limits()));
    defaults.put("dailyResetZone", policy.defaults().dailyResetZone().getId());
    if (policy.defaults().priority() != Defaults.BUILT_IN.priority()) {
      defaults.put("priority", policy.defaults().priority().id());
    }
    if (!policy.teams().isEmpty()) {
      ArrayNode teams = document.putArray("teams");
      policy.teams().forEach(team -> teams.add(team(team)));
    }
    ArrayNode users = document.putArray("users");
    policy.users().forEach(user -> users.add(user(user)));
    ArrayNode models = document.putArray("models");
    policy.models().forEach(model -> models.add(model(model)));
    return document;
  }

  private static ObjectNode team(TeamPolicy team) {
    ObjectNode node = NODES.objectNode();
    node.put("name", team.name());
    node.put("displayName", team.displayName());
    if (team.description() != null) {
      node.put("description", team.description());
    }
    node.set("limits", limits(team.limits()));
    putModelLimits(node, team.modelLimits());
    return node;
  }

  private static ObjectNode user(UserPolicy user) {
    ObjectNode node = NODES.objectNode();
    node.put("name", user.name());
    node.put("displayName", user.displayName());
    if (user.description() != null) {
      node.put("description", user.description());
    }
    if (user.team() != null) {
      node.put("team", user.team());
    }
    if (user.priority() != null) {
      node.put("priority", user.priority().id());
    }
    node.set("limits", limits(user.limits()));
    putModelLimits(node, user.modelLimits());
    ArrayNode models = node.putArray("models");
    user.models().forEach(models::add);
    ArrayNode keys = node.putArray("keys");
    user.keys().forEach(key -> keys.addObject().put("id", key.id()).put("sha256", key.sha256()));
    node.put("suspended", user.suspended());
    return node;
  }

  /** The entries in their map's order: sorted by model name, as the records keep them. */
  private static void putModelLimits(ObjectNode node, Map<String, Limits> modelLimits) {
    if (!modelLimits.isEmpty()) {
      ObjectNode models = node.putObject("modelLimits");
      modelLimits.forEach((model, limits) -> models.set(model, limits(limits)));
    }
  }

  private static ObjectNode limits(Limits limits) {
    ObjectNode node = NODES.objectNode();
    putIfGiven(node, "rpm", limits.rpm());
    putIfGiven(node, "tpm", limits.tpm());
    putIfGiven(node, "tph", limits.tph());
    putIfGiven(node, "tpd", limits.tpd());
    putIfGiven(node, "monthlyTokens", limits.monthlyTokens());
    putIfGiven(node, "cooldownMinutes", limits.cooldownMinutes());
    putIfGiven(node, "maxConcurrent", limits.maxConcurrent());
    putIfGiven(node, "maxTokensPerRequest", limits.maxTokensPerRequest());
    return node;
  }

  private static void putIfGiven(ObjectNode node, String field, Number value) {
    if (value != null) {
      node.put(field, value.longValue());
    }
  }

  private static ObjectNode model(ModelRoute model) {
    ObjectNode node = NODES.objectNode()
        .put("name", model.name())
        .put("backend", model.backend())
        .put("engine", model.engine().id())
        .put("tokenizer", model.tokenizer())
        .put("contextLength", model.contextLength());
    if (!model.upstreamModel().equals(model.name())) {
      node.put("upstreamModel", model.upstreamModel());
    }
    if (model.capacity().limited()) {
      node.putObject("capacity").put("requests", model.capacity().requests()).put("tokens", model.capacity().tokens());
    }
    if (model.scheduling() != SchedulingPolicy.FCFS) {
      node.put("scheduling", model.scheduling().id());
    }
    return node;
  }
}
