package io.koreanllm.simulator.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How many token ids a {@code tokenizer.json} defines: one more than the largest id of its vocabulary
 * ({@code model.vocab}) and its added tokens. vLLM refuses a token-id prompt holding an id beyond it. Read by streaming,
 * since a vocabulary has hundreds of thousands of entries.
 */
final class VocabularySize {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private VocabularySize() {}

  static int of(Path tokenizerJson) {
    int largest = -1;
    try (JsonParser parser = JSON.createParser(tokenizerJson.toFile())) {
      expect(parser.nextToken(), JsonToken.START_OBJECT, tokenizerJson);
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("model") && value == JsonToken.START_OBJECT) {
          largest = Math.max(largest, largestInModel(parser));
        } else if (field.equals("added_tokens") && value == JsonToken.START_ARRAY) {
          while (parser.nextToken() == JsonToken.START_OBJECT) {
            JsonNode token = parser.readValueAsTree();
            largest = Math.max(largest, token.path("id").asInt(-1));
          }
        } else {
          parser.skipChildren();
        }
      }
    } catch (JacksonException e) {
      throw new UncheckedIOException(new IOException(tokenizerJson + ": " + e.getOriginalMessage(), e));
    }
    return largest + 1;
  }

  private static int largestInModel(JsonParser parser) {
    int largest = -1;
    while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
      String field = parser.currentName();
      if (parser.nextToken() == JsonToken.START_OBJECT && field.equals("vocab")) {
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
          parser.nextToken();
          largest = Math.max(largest, parser.getIntValue());
        }
      } else {
        parser.skipChildren();
      }
    }
    return largest;
  }

  private static void expect(JsonToken actual, JsonToken expected, Path file) {
    if (actual != expected) {
      throw new UncheckedIOException(new IOException(file + ": expected " + expected + ", found " + actual));
    }
  }
}
