package io.koreanllm.tokencount;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@code tokenizer.json} read for counting: the model's vocabulary and merges (hundreds of thousands of entries)
 * streamed straight into plain collections, everything else as a JSON tree.
 *
 * @param root the file without {@code model.vocab} and {@code model.merges}
 * @param merges each merge as its left and right token, in rank order
 */
record TokenizerJson(JsonNode root, Map<String, Integer> vocab, List<String[]> merges) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  static TokenizerJson read(Path file) throws JacksonException {
    Map<String, Integer> vocab = new HashMap<>();
    List<String[]> merges = new ArrayList<>();
    ObjectNode root = JSON.createObjectNode();
    try (JsonParser parser = JSON.createParser(file)) {
      expect(parser.nextToken(), JsonToken.START_OBJECT, parser);
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = parser.currentName();
        parser.nextToken();
        root.set(name, name.equals("model") ? readModel(parser, vocab, merges) : parser.readValueAsTree());
      }
    }
    return new TokenizerJson(root, vocab, merges);
  }

  private static JsonNode readModel(JsonParser parser, Map<String, Integer> vocab, List<String[]> merges) {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      return parser.readValueAsTree();
    }
    ObjectNode model = JSON.createObjectNode();
    while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (name.equals("vocab") && value == JsonToken.START_OBJECT) {
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
          String token = parser.currentName();
          parser.nextToken();
          vocab.put(token, parser.getIntValue());
        }
      } else if (name.equals("merges") && value == JsonToken.START_ARRAY) {
        readMerges(parser, merges);
      } else {
        model.set(name, parser.readValueAsTree());
      }
    }
    return model;
  }

  /** Merges as {@code "left right"} strings or {@code [left, right]} pairs; anything else becomes an empty pair. */
  private static void readMerges(JsonParser parser, List<String[]> merges) {
    for (JsonToken entry = parser.nextToken(); entry != JsonToken.END_ARRAY; entry = parser.nextToken()) {
      if (entry == JsonToken.VALUE_STRING) {
        String merge = parser.getString();
        int space = merge.indexOf(' ');
        merges.add(space < 0 || merge.indexOf(' ', space + 1) >= 0 ? new String[0]
            : new String[] {merge.substring(0, space), merge.substring(space + 1)});
      } else {
        JsonNode pair = parser.readValueAsTree();
        merges.add(pair.size() == 2 && pair.get(0).isString() && pair.get(1).isString()
            ? new String[] {pair.get(0).asString(), pair.get(1).asString()} : new String[0]);
      }
    }
  }

  private static void expect(JsonToken actual, JsonToken expected, JsonParser parser) {
    if (actual != expected) {
      throw new IllegalArgumentException("expected " + expected + " at " + parser.currentLocation());
    }
  }
}
