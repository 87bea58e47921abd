package io.koreanllm.policy;

import io.koreanllm.policy.PolicyException.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every validation rule: the problem names the file, the field and what is wrong. */
class ValidationTest {

  private static final String SOURCE = "config/users.yaml";
  private static final String MODEL = "{name: m, backend: \"http://127.0.0.1:8000\", engine: vllm, tokenizer: llama3, contextLength: 2048}";

  /**
   * @param yaml    a document with exactly one problem
   * @param field   where the problem must be reported
   * @param problem a part of the description the problem must have
   */
  record Case(String name, String yaml, String field, String problem) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    String longName = "a".repeat(64);
    return Stream.of(
        // syntax
        new Case("YAML syntax error with its line", "users:\n  - name: a\n    limits: {rpm: 1\n", "", "invalid YAML: while parsing a flow mapping at line 3, column 13"),
        new Case("a field given twice", "users: []\nusers: []\n", "", "a field is given twice in the same mapping at line 2"),
        new Case("a user's field given twice", "users:\n- {name: a}\n- {name: b, name: c}\n", "",
            "a field is given twice in the same mapping at line 3"),
        new Case("JSON syntax error", "{\"users\": [}", "", "invalid YAML:"),
        new Case("document not a mapping", "- a\n- b\n", "", "must be a mapping with defaults, teams, users and models (was a list)"),
        // types
        new Case("limit not a number", "users: [{name: a, limits: {rpm: \"abc\"}}]", "users[0].limits.rpm", "must be a whole number (was \"abc\")"),
        new Case("limit a fraction", "users: [{name: a, limits: {tpm: 1.5}}]", "users[0].limits.tpm", "must be a whole number (was 1.5)"),
        new Case("int limit too big", "users: [{name: a, limits: {rpm: 3000000000}}]", "users[0].limits.rpm", "must be at most 2147483647 (was 3000000000)"),
        new Case("name not a string", "users: [{name: 1234}]", "users[0].name", "must be a string (was 1234; quote it"),
        new Case("suspended not a boolean", "users: [{name: a, suspended: yes}]", "users[0].suspended", "must be true or false (was \"yes\")"),
        new Case("users not a list", "users: \"abc\"", "users", "must be a list (was \"abc\")"),
        new Case("user not a mapping", "users: [abc]", "users[0]", "must be a mapping (was \"abc\")"),
        new Case("limits not a mapping", "users: [{name: a, limits: [1]}]", "users[0].limits", "must be a mapping (was a list)"),
        // negative limits
        new Case("negative user limit", "users: [{name: a}, {name: b, limits: {rpm: -5}}]", "users[1].limits.rpm", "must be ≥ 0 (was -5)"),
        new Case("negative default limit", "defaults: {limits: {tpd: -1}}", "defaults.limits.tpd", "must be ≥ 0 (was -1)"),
        // unknown fields
        new Case("typo in limits", "users: [{name: a, limits: {tmp: 5}}]", "users[0].limits.tmp",
            "unknown field; allowed: rpm, tpm, tph, tpd, monthlyTokens, cooldownMinutes, maxConcurrent, maxTokensPerRequest"),
        new Case("typo in user", "users: [{name: a, model: [m]}]", "users[0].model",
            "unknown field; allowed: name, displayName, description, team, priority, limits, modelLimits, models, keys, suspended"),
        new Case("typo at top level", "user: []", "user", "unknown field; allowed: defaults, teams, users, models"),
        new Case("typo in defaults", "defaults: {dailyResetTime: UTC}", "defaults.dailyResetTime", "unknown field; allowed: limits, dailyResetZone, priority"),
        new Case("typo in model", "models: [{name: m, backend: \"http://h\", engine: vllm, tokenizer: t, contextLength: 1, context: 5}]",
            "models[0].context", "unknown field; allowed: name, backend, engine, tokenizer, contextLength, upstreamModel, capacity, scheduling"),
        new Case("typo in key", "users: [{name: a, keys: [{id: x, sha256: " + "0".repeat(64) + ", hash: abc}]}]", "users[0].keys[0].hash", "unknown field; allowed: id, sha256, key"),
        // user names
        new Case("missing name", "users: [{displayName: 김}]", "users[0].name", "is required"),
        new Case("blank name", "users: [{name: \"  \"}]", "users[0].name", "must not be blank"),
        new Case("name too long", "users: [{name: " + longName + "}]", "users[0].name", "must be at most 63 characters (was 64)"),
        new Case("name with two slashes", "users: [{name: a/b/c}]", "users[0].name",
            "must contain at most one '/', between a namespace and a name (was \"a/b/c\")"),
        new Case("name with nothing before its slash", "users: [{name: /kim}]", "users[0].name",
            "must have a non-empty part on each side of '/' (was \"/kim\")"),
        new Case("name with nothing after its slash", "users: [{name: \"team-a/ \"}]", "users[0].name",
            "must have a non-empty part on each side of '/'"),
        new Case("namespaced name too long", "users: [{name: ns/" + longName + "}]", "users[0].name",
            "must be at most 63 characters on each side of '/' (was 64)"),
        new Case("name with a control character", "users: [{name: \"a\\tb\"}]", "users[0].name", "must not contain control characters"),
        new Case("blank displayName", "users: [{name: a, displayName: \"\"}]", "users[0].displayName", "must not be blank"),
        new Case("duplicate name", "users: [{name: 김철수}, {name: b}, {name: 김철수, displayName: 다른}]", "users[2]",
            "duplicate user name '김철수' (also users[0])"),
        new Case("duplicate displayName ignoring case", "users: [{name: a, displayName: Alice}, {name: b, displayName: ALICE}]", "users[1]",
            "displayName 'ALICE' is also the display name of users[0]"),
        // keys
        new Case("same key on two users", "users: [{name: a, keys: [sk-same-key-12345]}, {name: b, keys: [{key: sk-same-key-12345}]}]",
            "users[1]", "key sk-same-…345 is also a key of users[0]"),
        new Case("same key as plain and as hash", "users: [{name: a, keys: [sk-same-key-12345]}, {name: b, keys: [{id: x, sha256: "
            + ApiKeys.sha256Hex("sk-same-key-12345") + "}]}]", "users[1]", "is also a key of users[0]"),
        new Case("key too short", "users: [{name: a, keys: [sk-1]}]", "users[0].keys[0]", "a key must be at least 8 characters"),
        new Case("key with whitespace", "users: [{name: a, keys: [{key: \"sk-abc def-123\"}]}]", "users[0].keys[0].key", "must not contain whitespace"),
        new Case("plain key and hash together", "users: [{name: a, keys: [{key: sk-abcdefgh, sha256: abc}]}]", "users[0].keys[0].key",
            "give either key (a plain key, hashed at load) or id and sha256, not both"),
        new Case("hash not hex", "users: [{name: a, keys: [{id: x, sha256: ABC}]}]", "users[0].keys[0].sha256",
            "must be the key's SHA-256 as 64 lower-case hex digits"),
        new Case("hash without id", "users: [{name: a, keys: [{sha256: " + "0".repeat(64) + "}]}]", "users[0].keys[0].id", "is required"),
        new Case("key neither string nor mapping", "users: [{name: a, keys: [5]}]", "users[0].keys[0]", "must be a mapping (was 5)"),
        // model references
        new Case("user allowed an undefined model", "users: [{name: a, models: [m, nope]}]\nmodels: [" + MODEL + "]", "users[0]",
            "model 'nope' is not defined; defined models: m"),
        new Case("user's model entry not a model name", "users: [{name: a, models: [\"bad name\"]}]", "users[0].models[0]",
            "must be 1–128 characters of A-Z a-z 0-9 . _ : / - (was \"bad name\")"),
        // models
        new Case("duplicate model", "models: [" + MODEL + ", {name: x, backend: \"http://h\", engine: vllm, tokenizer: t, contextLength: 1}, " + MODEL + "]",
            "models[2]", "duplicate model name 'm' (also models[0])"),
        new Case("model name pattern", "models: [{name: \"korean qwen\", backend: \"http://h\", engine: vllm, tokenizer: t, contextLength: 1}]",
            "models[0].name", "must be 1–128 characters of A-Z a-z 0-9 . _ : / - (was \"korean qwen\")"),
        new Case("backend without scheme", "models: [{name: m, backend: \"127.0.0.1:8000\", engine: vllm, tokenizer: t, contextLength: 1}]",
            "models[0].backend", "must be an absolute http:// or https:// URL (was \"127.0.0.1:8000\")"),
        new Case("backend not http", "models: [{name: m, backend: \"ftp://h/x\", engine: vllm, tokenizer: t, contextLength: 1}]",
            "models[0].backend", "must be an absolute http:// or https:// URL (was \"ftp://h/x\")"),
        new Case("backend relative", "models: [{name: m, backend: \"/v1\", engine: vllm, tokenizer: t, contextLength: 1}]",
            "models[0].backend", "must be an absolute http:// or https:// URL"),
        new Case("backend with a query", "models: [{name: m, backend: \"http://h?x=1\", engine: vllm, tokenizer: t, contextLength: 1}]",
            "models[0].backend", "must not have a query or fragment"),
        new Case("contextLength zero", "models: [{name: m, backend: \"http://h\", engine: vllm, tokenizer: t, contextLength: 0}]",
            "models[0].contextLength", "must be > 0 (was 0)"),
        new Case("contextLength negative", "models: [{name: m, backend: \"http://h\", engine: vllm, tokenizer: t, contextLength: -8}]",
            "models[0].contextLength", "must be > 0 (was -8)"),
        new Case("unknown engine", "models: [{name: m, backend: \"http://h\", engine: tgi, tokenizer: t, contextLength: 1}]",
            "models[0].engine", "unknown engine \"tgi\"; allowed: sglang, vllm, openai"),
        new Case("blank tokenizer", "models: [{name: m, backend: \"http://h\", engine: vllm, tokenizer: \" \", contextLength: 1}]",
            "models[0].tokenizer", "must not be blank"),
        // teams
        new Case("teams not a list", "teams: {research: {}}", "teams", "must be a list (was a mapping)"),
        new Case("team without a name", "teams: [{displayName: 연구팀}]", "teams[0].name", "is required"),
        new Case("typo in team", "teams: [{name: t, limit: {tpm: 1}}]", "teams[0].limit",
            "unknown field; allowed: name, displayName, description, limits, modelLimits"),
        new Case("team limit of a user only", "teams: [{name: t, limits: {cooldownMinutes: 5}}]", "teams[0].limits.cooldownMinutes",
            "unknown field; allowed: rpm, tpm, tph, tpd, monthlyTokens, maxConcurrent"),
        new Case("negative team budget", "teams: [{name: t, limits: {monthlyTokens: -1}}]", "teams[0].limits.monthlyTokens",
            "must be ≥ 0 (was -1)"),
        new Case("team name with two slashes", "teams: [{name: a/b/c}]", "teams[0].name", "must contain at most one '/'"),
        new Case("duplicate team", "teams: [{name: research}, {name: dev}, {name: research}]", "teams[2]",
            "duplicate team name 'research' (also teams[0])"),
        new Case("user in an undefined team", "teams: [{name: research}, {name: dev}]\nusers: [{name: a, team: ops}]",
            "users[0].team", "team 'ops' is not defined; defined teams: dev, research"),
        new Case("user in a team of a policy without teams", "users: [{name: a, team: ops}]", "users[0].team",
            "team 'ops' is not defined; the policy has no teams"),
        new Case("user's team not a string", "teams: [{name: t}]\nusers: [{name: a, team: [t]}]", "users[0].team",
            "must be a string (was a list"),
        // priorities
        new Case("unknown priority", "users: [{name: a, priority: urgent}]", "users[0].priority",
            "unknown priority class \"urgent\"; allowed: interactive, batch"),
        new Case("unknown default priority", "defaults: {priority: low}", "defaults.priority",
            "unknown priority class \"low\"; allowed: interactive, batch"),
        // per-model limits and monthly budgets
        new Case("negative monthly budget", "users: [{name: a, limits: {monthlyTokens: -5}}]", "users[0].limits.monthlyTokens",
            "must be ≥ 0 (was -5)"),
        new Case("modelLimits not a mapping", "users: [{name: a, modelLimits: [m]}]", "users[0].modelLimits",
            "must be a mapping (was a list)"),
        new Case("model limits not a mapping", "users: [{name: a, modelLimits: {m: 5}}]", "users[0].modelLimits.m",
            "must be a mapping (was 5)"),
        new Case("model limit of a user only", "users: [{name: a, modelLimits: {m: {maxTokensPerRequest: 5}}}]",
            "users[0].modelLimits.m.maxTokensPerRequest", "unknown field; allowed: rpm, tpm, tph, tpd, monthlyTokens, maxConcurrent"),
        new Case("model limits under a name that is no model name", "users: [{name: a, modelLimits: {\"bad name\": {tpm: 1}}}]",
            "users[0].modelLimits.bad name", "must be 1–128 characters of A-Z a-z 0-9 . _ : / - (was \"bad name\")"),
        new Case("user limited on an undefined model", "users: [{name: a, modelLimits: {nope: {tpm: 1}}}]\nmodels: [" + MODEL + "]",
            "users[0].modelLimits.nope", "model 'nope' is not defined; defined models: m"),
        new Case("team limited on an undefined model", "teams: [{name: t, modelLimits: {nope: {tpm: 1}}}]\nmodels: [" + MODEL + "]",
            "teams[0].modelLimits.nope", "model 'nope' is not defined; defined models: m"),
        // a model's upstream name, capacity and scheduling
        new Case("upstream model not a model name", "models: [{name: m, backend: \"http://h\", engine: vllm, tokenizer: t, contextLength: 1, "
            + "upstreamModel: \"a b\"}]", "models[0].upstreamModel", "must be 1–128 characters"),
        new Case("capacity not a mapping", "models: [{name: m, backend: \"http://h\", engine: vllm, tokenizer: t, contextLength: 1, "
            + "capacity: 16}]", "models[0].capacity", "must be a mapping (was 16)"),
        new Case("negative capacity", "models: [{name: m, backend: \"http://h\", engine: vllm, tokenizer: t, contextLength: 1, "
            + "capacity: {requests: -1}}]", "models[0].capacity.requests", "must be ≥ 0 (was -1)"),
        new Case("typo in capacity", "models: [{name: m, backend: \"http://h\", engine: vllm, tokenizer: t, contextLength: 1, "
            + "capacity: {slots: 4}}]", "models[0].capacity.slots", "unknown field; allowed: requests, tokens"),
        new Case("unknown scheduling", "models: [{name: m, backend: \"http://h\", engine: vllm, tokenizer: t, contextLength: 1, "
            + "scheduling: lifo}]", "models[0].scheduling", "unknown scheduling policy \"lifo\"; allowed: fcfs, priority"),
        new Case("priority scheduling on sglang", "models: [{name: m, backend: \"http://h\", engine: sglang, tokenizer: t, contextLength: 1, "
            + "scheduling: priority}]", "models[0].scheduling",
            "priority needs engine vllm, started with --scheduling-policy priority (engine is sglang)"),
        // defaults
        new Case("invalid time zone", "defaults: {dailyResetZone: Asia/Seol}", "defaults.dailyResetZone",
            "not a time zone id (was \"Asia/Seol\"); use a region like Asia/Seoul or an offset like +09:00"),
        new Case("defaults given twice in one document", "defaults: {}\ndefault_limits: {rpm: 1}", "default_limits",
            "gives the defaults section a second time in this document"),
        // the seeds' shape
        new Case("seed limit negative", "users:\n  사용자1: {rpm: 20, daily: -1}", "users.사용자1.daily", "must be ≥ 0 (was -1)"),
        new Case("seed limit not a number", "users:\n  사용자1: {rpm: abc}", "users.사용자1.rpm", "must be a whole number (was \"abc\")"),
        new Case("seed default limit negative", "default_limits: {tph: -2}", "default_limits.tph", "must be ≥ 0 (was -2)"),
        new Case("seed user not a mapping", "users:\n  사용자1: 5", "users.사용자1", "must be a mapping (was 5)"),
        new Case("seed user name with two slashes", "users:\n  a/b/c: {rpm: 1}", "users.a/b/c", "must contain at most one '/'"),
        new Case("seed display names equal ignoring case", "users:\n  Bob: {}\n  bob: {}", "users.bob",
            "displayName 'bob' is also the display name of users.Bob"),
        new Case("seed key of an unknown user", "users:\n  사용자1: {}\napi_keys:\n  \"sk-user1-korean-key-def\": \"없는사람\"",
            "api_keys.sk-user1…def", "user '없는사람' is not in users"),
        new Case("seed key's user not a string", "users:\n  사용자1: {}\napi_keys:\n  \"sk-user1-korean-key-def\": [a]",
            "api_keys.sk-user1…def", "must be the name of a user in users (was a list)"),
        new Case("seed key too short", "users:\n  사용자1: {}\napi_keys:\n  \"sk-1\": 사용자1", "api_keys.sk-…", "a key must be at least 8 characters"),
        new Case("api_keys next to a users list", "users: [{name: a}]\napi_keys: {\"sk-user1-korean-key-def\": a}", "api_keys",
            "goes only with users given as a mapping from name to limits"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsTheFileTheFieldAndTheProblem(Case c) {
    PolicyException e = catchThrowableOfType(PolicyException.class, () -> new PolicyReader().readString(c.yaml(), SOURCE));

    assertThat(e).as("a PolicyException for:\n%s", c.yaml()).isNotNull();
    assertThat(e.problems()).as("exactly one problem").hasSize(1);
    assertThat(e.source()).isEqualTo(SOURCE);
    assertThat(e.field()).isEqualTo(c.field());
    assertThat(e.problem()).contains(c.problem());
    assertThat(e.getMessage()).isEqualTo(c.field().isEmpty()
        ? SOURCE + ": " + e.problem()
        : SOURCE + ": " + c.field() + ": " + e.problem());
  }

  @Test
  void everyProblemOfADocumentIsReportedAtOnceOnePerLine() {
    PolicyException e = catchThrowableOfType(PolicyException.class, () -> new PolicyReader().readString("""
        defaults: {dailyResetZone: Mars/Olympus}
        users:
          - {name: a, limits: {rpm: -5, tmp: 1}}
          - {name: a}
        models:
          - {name: m, backend: "localhost", engine: tgi, tokenizer: t, contextLength: 0}
        """, SOURCE));

    assertThat(e.problems()).containsExactly(
        new Problem(SOURCE, "defaults.dailyResetZone", "not a time zone id (was \"Mars/Olympus\"); use a region like Asia/Seoul or an offset like +09:00"),
        new Problem(SOURCE, "users[0].limits.tmp",
            "unknown field; allowed: rpm, tpm, tph, tpd, monthlyTokens, cooldownMinutes, maxConcurrent, maxTokensPerRequest"),
        new Problem(SOURCE, "users[0].limits.rpm", "must be ≥ 0 (was -5)"),
        new Problem(SOURCE, "models[0].backend", "must be an absolute http:// or https:// URL (was \"localhost\")"),
        new Problem(SOURCE, "models[0].engine", "unknown engine \"tgi\"; allowed: sglang, vllm, openai"),
        new Problem(SOURCE, "models[0].contextLength", "must be > 0 (was 0)"));
    assertThat(e.getMessage().lines()).hasSize(6).first().isEqualTo(
        "config/users.yaml: defaults.dailyResetZone: not a time zone id (was \"Mars/Olympus\"); use a region like Asia/Seoul or an offset like +09:00");
  }

  @Test
  void aSectionGivenInTwoFilesNamesBoth(@TempDir Path dir) throws Exception {
    Path first = Files.writeString(dir.resolve("users.yaml"), "users: [{name: a}]\n");
    Path second = Files.writeString(dir.resolve("more-users.yaml"), "users:\n  b: {rpm: 1}\n");

    assertThatThrownBy(() -> new PolicyReader().read(first, second))
        .isInstanceOfSatisfying(PolicyException.class, e -> {
          assertThat(e.problems()).hasSize(1);
          assertThat(e.source()).isEqualTo(second.toString());
          assertThat(e.field()).isEqualTo("users");
          assertThat(e.problem()).isEqualTo("the users section is also given in " + first + "; give each section in one file only");
        });
  }

  @Test
  void modelReferencesAreCheckedOnlyWhenModelsAreGiven() {
    String users = "users: [{name: a, models: [korean-qwen]}]\n";

    assertThat(new PolicyReader().readString(users, SOURCE).user("a")).isPresent();
    assertThatThrownBy(() -> new PolicyReader().readString(users + "models: [" + MODEL + "]", SOURCE))
        .hasMessage(SOURCE + ": users[0]: model 'korean-qwen' is not defined; defined models: m");
  }

  @Test
  void noProblemShowsAPlainKey() {
    String key = "sk-leaky-secret-key-42";
    String[] documents = {
        "users:\n- name: a\n  keys: [\"" + key + "\" \"x\"]\n",                          // syntax errors on the key's line,
        "users:\n- name: a\n  keys: [{key: \"" + key + "\"]\n",                            // which the parser quotes
        "users:\n  a: {}\napi_keys:\n  \"" + key + "\": a\n  \"" + key + "\": a\n",        // the key given twice
        "users:\n  a: {}\napi_keys:\n  \"" + key + "\": nobody\n",                         // key of an unknown user
        "users: [{name: a, keys: [\"" + key + "\"]}, {name: b, keys: [\"" + key + "\"]}]", // the key on two users
        "users:\n- name: a\n  \"" + key + "\": 1\n  \"" + key + "\": 2\n",                // a user's field given twice
    };
    for (String document : documents) {
      PolicyException e = catchThrowableOfType(PolicyException.class, () -> new PolicyReader().readString(document, SOURCE));
      assertThat(e).as(document).isNotNull();
      // the display id sk-leaky…-42 may be shown; no more of the key than that
      assertThat(e.getMessage()).as(document).doesNotContain("secret");
    }
  }
}
