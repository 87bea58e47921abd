package io.koreanllm.policy;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Each value rule of the policy, defined once. A rule returns what is wrong with a value, or empty when
 * it is fine. The reader applies the rules field by field so it can report every problem with its path;
 * the records apply the same rules in their constructors (through {@link #check}) so that a policy built
 * in code, as the operator does, is held to the same rules as one read from a file.
 */
final class Rules {

  private static final int MAX_USER_NAME_LENGTH = 63;
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

  /** User names are stable ids that also appear in URL paths ({@code /stats/{user}}), hence no {@code /}. */
  static Optional<String> userName(String name) {
    if (name == null || name.isBlank()) {
      return Optional.of("must not be blank");
    }
    int length = name.codePointCount(0, name.length());
    if (length > MAX_USER_NAME_LENGTH) {
      return Optional.of("must be at most " + MAX_USER_NAME_LENGTH + " characters (was " + length + ")");
    }
    if (name.indexOf('/') >= 0) {
      return Optional.of("must not contain '/' (was \"" + name + "\")");
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
    return Engine.fromId(id).isPresent()
        ? Optional.empty()
        : Optional.of("unknown engine " + quoted(id) + "; allowed: "
            + Arrays.stream(Engine.values()).map(Engine::id).collect(Collectors.joining(", ")));
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
