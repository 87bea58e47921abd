package io.koreanllm.policy;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Each value rule of the policy, defined once. A rule returns what is wrong with a value, or empty when
 * it is fine. The reader applies the rules field by field so it can report every problem with its path;
 * the records apply the same rules in their constructors (through {@link #check}) so that a policy built
 * in code, as the operator does, is held to the same rules as one read from a file.
 */
final class Rules {

  private static final int MAX_NAME_PART_LENGTH = 63;
  /** Short keys are guessable, and a display id would show most of them. */
  private static final int MIN_PLAIN_KEY_LENGTH = 8;
  private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9._:/-]{1,128}");
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  private Rules() {
  }

  /** Throws when {@code problem} is present; used by constructors, where a bad value is a programming error. */
  static void check(String field, Optional<String> problem) {
    problem.ifPresent(p -> {
      throw new IllegalArgumentException(field + ": " + p);
    });
  }

  static Optional<String> nonNegative(long value) {
    return value < 0 ? Optional.of("must be ≥ 0 (was " + value + ")") : Optional.empty();
  }

  static Optional<String> positive(long value) {
    return value <= 0 ? Optional.of("must be > 0 (was " + value + ")") : Optional.empty();
  }

  /**
   * Names of users and teams: stable ids that also appear in URL paths ({@code /stats/{user}}, percent-encoded).
   * At most one {@code /}, with a non-empty part on each side: the operator names users and teams
   * {@code <namespace>/<name>}, so that two namespaces may both have a {@code kim}. Each part is at most 63
   * characters: a namespace is a DNS label, and a name was held to 63 before namespaces were part of it.
   */
  static Optional<String> stableName(String name) {
    if (name == null || name.isBlank()) {
      return Optional.of("must not be blank");
    }
    int slash = name.indexOf('/');
    if (slash >= 0 && name.indexOf('/', slash + 1) >= 0) {
      return Optional.of("must contain at most one '/', between a namespace and a name (was \"" + name + "\")");
    }
    List<String> parts = slash < 0 ? List.of(name) : List.of(name.substring(0, slash), name.substring(slash + 1));
    if (parts.stream().anyMatch(String::isBlank)) {
      return Optional.of("must have a non-empty part on each side of '/' (was \"" + name + "\")");
    }
    for (String part : parts) {
      int length = part.codePointCount(0, part.length());
      if (length > MAX_NAME_PART_LENGTH) {
        String where = slash < 0 ? "" : " on each side of '/'";
        return Optional.of("must be at most " + MAX_NAME_PART_LENGTH + " characters" + where + " (was " + length + ")");
      }
    }
    return noControlCharacters(name);
  }

  static Optional<String> displayName(String name) {
    if (name == null || name.isBlank()) {
      return Optional.of("must not be blank");
    }
    return noControlCharacters(name);
  }

  static Optional<String> modelName(String name) {
    return name != null && MODEL_NAME.matcher(name).matches()
        ? Optional.empty()
        : Optional.of("must be 1–128 characters of A-Z a-z 0-9 . _ : / - (was " + quoted(name) + ")");
  }

  /** An entry of a user's {@code models}: a model name, or {@code *} for every model. */
  static Optional<String> modelReference(String reference) {
    return UserPolicy.ALL_MODELS.equals(reference) ? Optional.empty() : modelName(reference);
  }

  static Optional<String> backendUrl(String url) {
    String problem = "must be an absolute http:// or https:// URL (was " + quoted(url) + ")";
    if (url == null) {
      return Optional.of(problem);
    }
    try {
      URI uri = new URI(url);
      boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
      if (!http || uri.getHost() == null) {
        return Optional.of(problem);
      }
      // The gateway appends /v1/... to the backend; a query or fragment would end up in the middle.
      if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
        return Optional.of("must not have a query or fragment (was " + quoted(url) + ")");
      }
      return Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.of(problem);
    }
  }

  /** Free text such as a description: anything goes. */
  static Optional<String> anyText(String value) {
    return Optional.empty();
  }

  static Optional<String> notBlank(String value) {
    return value == null || value.isBlank() ? Optional.of("must not be blank") : Optional.empty();
  }

  static Optional<String> sha256Hex(String value) {
    return value != null && SHA256_HEX.matcher(value).matches()
        ? Optional.empty()
        : Optional.of("must be the key's SHA-256 as 64 lower-case hex digits");
  }

  /** The problem never quotes the key: it is a secret, and problems end up in logs. */
  static Optional<String> plainKey(String key) {
    if (key == null || key.length() < MIN_PLAIN_KEY_LENGTH) {
      return Optional.of("a key must be at least " + MIN_PLAIN_KEY_LENGTH + " characters");
    }
    if (key.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      return Optional.of("a key must not contain whitespace or control characters");
    }
    return Optional.empty();
  }

  static Optional<String> zoneId(String id) {
    try {
      ZoneId.of(id);
      return Optional.empty();
    } catch (DateTimeException e) {
      return Optional.of("not a time zone id (was " + quoted(id) + "); use a region like Asia/Seoul or an offset like +09:00");
    }
  }

  static Optional<String> engine(String id) {
    return oneOf(Engine.class, "engine", Engine.fromId(id).isPresent(), id);
  }

  static Optional<String> priority(String id) {
    return oneOf(PriorityClass.class, "priority class", PriorityClass.fromId(id).isPresent(), id);
  }

  static Optional<String> scheduling(String id) {
    return oneOf(SchedulingPolicy.class, "scheduling policy", SchedulingPolicy.fromId(id).isPresent(), id);
  }

  /** Priority scheduling is vLLM's ({@code --scheduling-policy priority}); another engine would ignore it. */
  static Optional<String> scheduling(SchedulingPolicy scheduling, Engine engine) {
    return scheduling == SchedulingPolicy.PRIORITY && engine != Engine.VLLM
        ? Optional.of("priority needs engine vllm, started with --scheduling-policy priority (engine is "
            + engine.id() + ")")
        : Optional.empty();
  }

  /**
   * Limits shared by several users (a team's) or kept per model: what a user has alone, a cooldown and a cap on one
   * request, does not belong there.
   */
  static Optional<String> sharedLimits(Limits limits) {
    List<String> given = new ArrayList<>();
    if (limits.cooldownMinutes() != null) {
      given.add("cooldownMinutes");
    }
    if (limits.maxTokensPerRequest() != null) {
      given.add("maxTokensPerRequest");
    }
    return given.isEmpty()
        ? Optional.empty()
        : Optional.of(String.join(" and ", given) + " can be given only in a user's own limits");
  }

  private static Optional<String> oneOf(Class<? extends Enum<?>> type, String what, boolean known, String id) {
    return known
        ? Optional.empty()
        : Optional.of("unknown " + what + " " + quoted(id) + "; allowed: " + EnumIds.allowed(type));
  }

  private static Optional<String> noControlCharacters(String value) {
    return value.codePoints().anyMatch(Character::isISOControl)
        ? Optional.of("must not contain control characters")
        : Optional.empty();
  }

  private static String quoted(String value) {
    return value == null ? "nothing" : "\"" + value + "\"";
  }
}
