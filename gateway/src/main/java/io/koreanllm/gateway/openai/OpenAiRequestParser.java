package io.koreanllm.gateway.openai;

import io.koreanllm.gateway.http.ApiError;
import io.koreanllm.gateway.tokenize.Prompt;
import io.koreanllm.tokenizer.ChatPrompt;
import io.koreanllm.tokenizer.ChatPromptException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a request body into an {@link OpenAiRequest} or refuses it with a 400 that says what is wrong. Nothing is
 * counted before this has passed.
 */
@Component
public class OpenAiRequestParser {

  static final int MAX_CHOICES = 16;
  /** OpenAI's own bound on the inputs of one embeddings request. */
  static final int MAX_EMBEDDING_INPUTS = 2048;
  private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");

  private final JsonMapper json;

  public OpenAiRequestParser(JsonMapper json) {
    this.json = json;
  }

  public OpenAiRequest parse(Endpoint endpoint, byte[] bytes) {
    if (bytes.length == 0) {
      throw ApiError.invalidRequest(null, "The request body is empty; send a JSON object.");
    }
    ObjectNode body = object(utf8(bytes));
    String model = requiredString(body, "model");
    if (endpoint == Endpoint.EMBEDDINGS) {
      return embeddings(body, model);
    }
    GenerationParameters.check(body, endpoint);
    Prompt prompt = endpoint == Endpoint.CHAT_COMPLETIONS ? chat(body) : new Prompt.Text(text(body.get("prompt")));
    Integer maxTokens = maxTokens(body);
    boolean stream = optionalBoolean(body, "stream", false);
    boolean wantsUsage = false;
    JsonNode options = body.get("stream_options");
    if (options != null && !options.isNull()) {
      if (!stream) {
        throw ApiError.invalidRequest("stream_options",
            "'stream_options' is only allowed when 'stream' is true.");
      }
      if (!options.isObject()) {
        throw ApiError.invalidRequest("stream_options", "'stream_options' must be an object.");
      }
      wantsUsage = optionalBoolean((ObjectNode) options, "include_usage", false);
    }
    int choices = choices(body);
    return new OpenAiRequest(endpoint, body, model, prompt, stream, stream && wantsUsage, maxTokens, choices);
  }

  private static OpenAiRequest embeddings(ObjectNode body, String model) {
    if (optionalBoolean(body, "stream", false)) {
      throw ApiError.invalidRequest("stream", "Embeddings are not streamed; leave out 'stream'.");
    }
    positiveInt(body, "dimensions");
    JsonNode format = body.get("encoding_format");
    if (format != null && !format.isNull() && !Set.of("float", "base64").contains(format.asString(""))) {
      throw ApiError.invalidRequest("encoding_format", "'encoding_format' must be 'float' or 'base64' (was "
          + format + ").");
    }
    Prompt inputs = inputs(body.get("input"), optionalBoolean(body, "add_special_tokens", true));
    return new OpenAiRequest(Endpoint.EMBEDDINGS, body, model, inputs, false, false, null, 1);
  }

  /** {@code input}: a string, an array of strings, an array of token ids, or an array of such arrays. */
  private static Prompt.Inputs inputs(JsonNode input, boolean specialTokens) {
    if (input == null || input.isNull()) {
      throw ApiError.invalidRequest("input", "'input' is required.");
    }
    if (input.isString()) {
      return new Prompt.Inputs(List.of(inputText(input, "input")), 0, specialTokens);
    }
    String shape = "'input' must be a string, an array of strings, an array of token ids or an array of arrays "
        + "of token ids, with 1 to " + MAX_EMBEDDING_INPUTS + " inputs.";
    if (!input.isArray() || input.isEmpty() || input.size() > MAX_EMBEDDING_INPUTS) {
      throw ApiError.invalidRequest("input", shape);
    }
    if (input.get(0).isIntegralNumber()) {
      return new Prompt.Inputs(List.of(), tokenIds(input, "input"), specialTokens);
    }
    List<String> texts = new ArrayList<>();
    int tokenIds = 0;
    for (int i = 0; i < input.size(); i++) {
      JsonNode item = input.get(i);
      String at = "input[" + i + "]";
      if (item.isString()) {
        texts.add(inputText(item, at));
      } else if (item.isArray() && !item.isEmpty()) {
        tokenIds += tokenIds(item, at);
      } else {
        throw ApiError.invalidRequest(at, shape);
      }
    }
    return new Prompt.Inputs(texts, tokenIds, specialTokens);
  }

  private static String inputText(JsonNode text, String at) {
    if (text.asString().isEmpty()) {
      throw ApiError.invalidRequest(at, "'" + at + "' is empty; an input must hold some text.");
    }
    checkText(text.asString(), at);
    return text.asString();
  }

  /** How many token ids an array holds, each a whole number ≥ 0. */
  private static int tokenIds(JsonNode ids, String at) {
    for (int i = 0; i < ids.size(); i++) {
      JsonNode id = ids.get(i);
      if (!id.isIntegralNumber() || !id.canConvertToInt() || id.asInt() < 0) {
        throw ApiError.invalidRequest(at, "'" + at + "[" + i + "]' must be a token id, a whole number ≥ 0 (was "
            + id + ").");
      }
    }
    return ids.size();
  }

  private static String utf8(byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer input = ByteBuffer.wrap(bytes);
    try {
      CharBuffer chars = decoder.decode(input);
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw ApiError.invalidRequest(null,
          "The request body is not valid UTF-8 (near byte " + input.position() + ").");
    }
  }

  private ObjectNode object(String text) {
    JsonNode node;
    try {
      node = json.readTree(text);
    } catch (JacksonException e) {
      throw ApiError.invalidRequest(null, "The request body is not valid JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
              + e.getLocation().getColumnNr() + ")"));
    }
    if (node == null || !node.isObject()) {
      throw ApiError.invalidRequest(null, "The request body must be a JSON object.");
    }
    return (ObjectNode) node;
  }

  private static String requiredString(ObjectNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      throw ApiError.invalidRequest(field, "'" + field + "' is required.");
    }
    if (!node.isString() || node.asString().isBlank()) {
      throw ApiError.invalidRequest(field, "'" + field + "' must be a non-empty string.");
    }
    return node.asString();
  }

  private static Prompt chat(ObjectNode body) {
    checkMessages(body.get("messages"));
    try {
      return new Prompt.Chat(ChatPrompt.fromRequest(body));
    } catch (ChatPromptException e) {
      throw ApiError.invalidRequest(e.param(), e.getMessage());
    }
  }

  private static void checkMessages(JsonNode messages) {
    if (messages == null || messages.isNull()) {
      throw ApiError.invalidRequest("messages", "'messages' is required.");
    }
    if (!messages.isArray() || messages.isEmpty()) {
      throw ApiError.invalidRequest("messages", "'messages' must be a non-empty array of messages.");
    }
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      String at = "messages[" + i + "]";
      if (!message.isObject()) {
        throw ApiError.invalidRequest(at, "'" + at + "' must be an object with 'role' and 'content'.");
      }
      JsonNode role = message.get("role");
      if (role == null || !role.isString() || !ROLES.contains(role.asString())) {
        throw ApiError.invalidRequest(at + ".role", "'" + at + ".role' must be one of " + ROLES + ".");
      }
      checkContent(message.get("content"), at + ".content", message.has("tool_calls"));
    }
  }

  private static void checkContent(JsonNode content, String at, boolean hasToolCalls) {
    if (content == null || content.isNull()) {
      if (!hasToolCalls) {
        throw ApiError.invalidRequest(at, "'" + at + "' is required.");
      }
      return;
    }
    if (content.isString()) {
      checkText(content.asString(), at);
      return;
    }
    if (!content.isArray()) {
      throw ApiError.invalidRequest(at, "'" + at + "' must be a string or an array of text parts.");
    }
    for (int i = 0; i < content.size(); i++) {
      JsonNode part = content.get(i);
      String partAt = at + "[" + i + "]";
      if (!part.isObject() || !"text".equals(part.path("type").asString(null))) {
        throw ApiError.invalidRequest(partAt,
            "'" + partAt + "' must be a text part {\"type\": \"text\", \"text\": …}; only text is supported.");
      }
      JsonNode text = part.get("text");
      if (text == null || !text.isString()) {
        throw ApiError.invalidRequest(partAt + ".text", "'" + partAt + ".text' must be a string.");
      }
      checkText(text.asString(), partAt + ".text");
    }
  }

  /** A completion prompt: a string, or an array of exactly one string. */
  private static String text(JsonNode prompt) {
    if (prompt == null || prompt.isNull()) {
      throw ApiError.invalidRequest("prompt", "'prompt' is required.");
    }
    if (prompt.isString()) {
      checkText(prompt.asString(), "prompt");
      return prompt.asString();
    }
    if (!prompt.isArray() || prompt.size() != 1 || !prompt.get(0).isString()) {
      throw ApiError.invalidRequest("prompt", "'prompt' must be a string (or an array of one string).");
    }
    checkText(prompt.get(0).asString(), "prompt[0]");
    return prompt.get(0).asString();
  }

  /** JSON may escape a lone surrogate ("\ud800"); no tokenizer can encode it, so it is refused here. */
  private static void checkText(String text, String at) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw ApiError.invalidRequest(at, "'" + at + "' contains a lone UTF-16 surrogate at index " + i
            + "; text must be valid Unicode.");
      }
    }
  }

  private static Integer maxTokens(ObjectNode body) {
    Integer maxTokens = positiveInt(body, "max_tokens");
    Integer maxCompletionTokens = positiveInt(body, "max_completion_tokens");
    if (maxTokens != null && maxCompletionTokens != null && !maxTokens.equals(maxCompletionTokens)) {
      throw ApiError.invalidRequest("max_completion_tokens",
          "'max_tokens' and 'max_completion_tokens' disagree; send one of them.");
    }
    return maxTokens != null ? maxTokens : maxCompletionTokens;
  }

  private static Integer positiveInt(ObjectNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 1) {
      throw ApiError.invalidRequest(field, "'" + field + "' must be a whole number ≥ 1 (was " + node + ").");
    }
    return node.asInt();
  }

  private static int choices(ObjectNode body) {
    JsonNode node = body.get("n");
    if (node == null || node.isNull()) {
      return 1;
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 1 || node.asInt() > MAX_CHOICES) {
      throw ApiError.invalidRequest("n", "'n' must be a whole number from 1 to " + MAX_CHOICES + " (was " + node
          + ").");
    }
    return node.asInt();
  }

  private static boolean optionalBoolean(ObjectNode body, String field, boolean fallback) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isBoolean()) {
      throw ApiError.invalidRequest(field, "'" + field + "' must be true or false (was " + node + ").");
    }
    return node.asBoolean();
  }
}
