package io.koreanllm.policy;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.NoSuchElementException;

import static io.koreanllm.policy.Sections.USERS;

/**
 * A policy document parsed into a tree, but for the elements of its users list, which are parsed again one at a time
 * as they are read: the tree of a user takes about 1 KB, more than the user it becomes, so a tree of 100,000 users
 * held whole while their policy is built made reading a policy take three times the heap the policy does.
 */
final class ParsedDocument {

  private final ObjectMapper mapper;
  /** Reads one value where a parser stands; the rest of the document follows it, so that is no error here. */
  private final ObjectReader values;
  private final String content;
  private final JsonNode root;
  private final boolean usersStreamed;

  private ParsedDocument(ObjectMapper mapper, ObjectReader values, String content, JsonNode root,
      boolean usersStreamed) {
    this.mapper = mapper;
    this.values = values;
    this.content = content;
    this.root = root;
    this.usersStreamed = usersStreamed;
  }

  /**
   * Parses the whole document once (so every syntax error is found now) and keeps all of it but the users list's
   * elements. Anything but a mapping of distinct fields is parsed as one tree, which reports it as before.
   */
  static ParsedDocument parse(ObjectMapper mapper, String content) {
    try (JsonParser parser = mapper.createParser(content)) {
      ObjectReader values = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return whole(mapper, values, content);
      }
      ObjectNode root = mapper.createObjectNode();
      boolean usersStreamed = false;
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = parser.currentName();
        if (root.has(name)) {
          return whole(mapper, values, content); // a field given twice: the tree's reader names it and where
        }
        if (parser.nextToken() == JsonToken.START_ARRAY && name.equals(USERS)) {
          parser.skipChildren();
          root.set(name, mapper.createArrayNode());
          usersStreamed = true;
        } else {
          JsonNode value = values.readTree(parser);
          root.set(name, value == null ? NullNode.getInstance() : value);
        }
      }
      if (parser.nextToken() != null) {
        return whole(mapper, values, content); // more after the mapping: the tree's reader refuses it
      }
      return new ParsedDocument(mapper, values, content, root, usersStreamed);
    }
  }

  private static ParsedDocument whole(ObjectMapper mapper, ObjectReader values, String content) {
    return new ParsedDocument(mapper, values, content, mapper.readTree(content), false);
  }

  /** The document; its users list, when it is one, is empty here and read through {@link #users}. */
  JsonNode root() {
    return root;
  }

  /** The users list's elements, each parsed as it is reached; null when the document has no users list. */
  Iterable<JsonNode> users() {
    return usersStreamed ? UsersList::new : null;
  }

  /** A second parser over the document, at the users list: the content was parsed once, so it holds no surprise. */
  private final class UsersList implements Iterator<JsonNode> {

    private final JsonParser parser = mapper.createParser(content);
    private JsonToken next;

    UsersList() {
      parser.nextToken();
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        boolean users = parser.currentName().equals(USERS);
        parser.nextToken();
        if (users) {
          break;
        }
        parser.skipChildren();
      }
      next = parser.nextToken();
    }

    @Override
    public boolean hasNext() {
      if (next == JsonToken.END_ARRAY) {
        parser.close();
        return false;
      }
      return true;
    }

    @Override
    public JsonNode next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      JsonNode element = values.readTree(parser);
      next = parser.nextToken();
      return element == null ? NullNode.getInstance() : element;
    }
  }
}
