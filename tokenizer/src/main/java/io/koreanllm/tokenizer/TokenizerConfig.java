package io.koreanllm.tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What counting needs from {@code tokenizer_config.json}: the chat template and the special tokens it refers to.
 *
 * @param chatTemplate the default chat template, or null when the model has none
 */
public record TokenizerConfig(String chatTemplate, String bosToken, String eosToken) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  public static TokenizerConfig read(Path file) throws IOException {
    try {
      return parse(JSON.readTree(Files.readString(file)));
    } catch (JacksonException e) {
      throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  static TokenizerConfig parse(JsonNode config) {
    return new TokenizerConfig(defaultTemplate(config.get("chat_template")),
        tokenText(config.get("bos_token")), tokenText(config.get("eos_token")));
  }

  /** {@code chat_template} is either a string or a list of named templates, of which "default" is the one to use. */
  private static String defaultTemplate(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isString()) {
      return node.asString();
    }
    for (JsonNode named : node) {
      if ("default".equals(named.path("name").asString(null))) {
        return named.path("template").asString(null);
      }
    }
    return null;
  }

  /** Special tokens appear either as plain strings or as AddedToken objects with a {@code content} field. */
  private static String tokenText(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    return node.isObject() ? node.path("content").asString(null) : node.asString();
  }
}
