package io.koreanllm.simulator.openai;

import io.koreanllm.simulator.web.ApiError;
import io.koreanllm.simulator.web.LaxFields;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The fields the chat and the text completions requests share, read and checked as vLLM reads and checks them: the
 * request model's types (pydantic, lax), its validators, then {@code SamplingParams._verify_args}, with vLLM's
 * messages. Fields the simulator has no use for are checked all the same, so that a request a real server refuses is
 * refused here too.
 *
 * @param model the served model asked for; null for the server's first (vLLM's default)
 * @param maxTokens the generation cap the client gave ({@code max_completion_tokens} before {@code max_tokens} in a
 *     chat), or the endpoint's default; null when it is the context left after the prompt
 * @param minTokens the fewest tokens to generate before a stop may end the answer
 * @param n how many answers to generate
 * @param stop strings that end the answer
 * @param sampleLogprobs how many log probabilities per token the client asked for (-1: the whole vocabulary), or null
 * @param promptLogprobs the same per prompt token, or null
 * @param priority the scheduling priority (lower runs first)
 * @param truncatePromptTokens keep only the prompt's last tokens (-1: {@code max_model_len}), or null
 * @param jsonObject whether {@code response_format} asks for a JSON object
 */
record GenerationOptions(String model, boolean stream, boolean includeUsage, Integer maxTokens, int minTokens, int n,
    List<String> stop, Integer sampleLogprobs, Integer promptLogprobs, int priority, Integer truncatePromptTokens,
    boolean jsonObject) {

  /** vLLM's {@code VLLM_MAX_N_SEQUENCES} default. */
  static final int MAX_N = 16384;
  /** vLLM's {@code --max-logprobs} default. */
  static final int MAX_LOGPROBS = 20;

  private static final Set<String> RESPONSE_FORMATS = Set.of("text", "json_object", "json_schema", "structural_tag");

  /**
   * @param maxTokens the endpoint's cap, read by the caller ({@code max_completion_tokens}/{@code max_tokens})
   * @param sampleLogprobs the endpoint's logprobs request, read by the caller (a flag and a count in a chat)
   */
  static GenerationOptions read(LaxFields fields, Integer maxTokens, Integer sampleLogprobs) {
    boolean stream = orFalse(fields.bool("stream"));
    // vLLM's validator looks at the raw values: an empty object passes, as does any stream value Python finds true.
    if (truthy(fields.raw("stream_options")) && !truthy(fields.raw("stream"))) {
      throw ApiError.badRequest("Stream options can only be defined when `stream=True`.", "stream_options");
    }
    LaxFields streamOptions = fields.object("stream_options");
    boolean includeUsage = stream && streamOptions != null && orTrue(streamOptions.bool("include_usage"));
    if (streamOptions != null) {
      streamOptions.bool("continuous_usage_stats");
    }

    int n = toInt(fields.integer("n"), 1);
    if (n < 1) {
      throw ApiError.badRequest("n must be at least 1, got " + n + ".", "n");
    }
    if (n > MAX_N) {
      throw ApiError.badRequest("n must be at most " + MAX_N + ", got " + n + ". To increase this limit, set the "
          + "VLLM_MAX_N_SEQUENCES environment variable.", "n");
    }
    penalty(fields, "presence_penalty");
    penalty(fields, "frequency_penalty");
    Double repetition = fields.number("repetition_penalty");
    if (repetition != null && !Double.isFinite(repetition)) {
      throw ApiError.badRequest("repetition_penalty must be a finite number, got " + repetition + ".",
          "repetition_penalty");
    }
    if (repetition != null && repetition <= 0) {
      throw ApiError.badRequest("repetition_penalty must be greater than zero, got " + repetition + ".",
          "repetition_penalty");
    }
    Double temperature = fields.number("temperature");
    if (temperature != null && !Double.isFinite(temperature)) {
      throw ApiError.badRequest("temperature must be a finite number, got " + temperature + ".", "temperature");
    }
    if (temperature != null && temperature < 0) {
      throw ApiError.badRequest("temperature must be non-negative, got " + temperature + ".", "temperature");
    }
    if (temperature != null && temperature > 2) {
      throw ApiError.badRequest("temperature must be in [0, 2], got " + temperature + ".", "temperature");
    }
    Double topP = fields.number("top_p");
    if (topP != null && !(topP > 0 && topP <= 1)) {
      throw ApiError.badRequest("top_p must be in (0, 1], got " + topP + ".", "top_p");
    }
    Long topK = fields.integer("top_k");
    if (topK != null && topK < -1) {
      throw ApiError.badRequest("top_k must be 0 (disable), or at least 1, got " + topK + ".", "top_k");
    }
    Double minP = fields.number("min_p");
    if (minP != null && !(minP >= 0 && minP <= 1)) {
      throw ApiError.badRequest("min_p must be in [0, 1], got " + minP + ".", "min_p");
    }
    fields.integer("seed");
    List<String> stop = fields.stringOrStrings("stop");
    if (stop != null && stop.stream().anyMatch(String::isEmpty)) {
      throw ApiError.badRequest("stop cannot contain an empty string.", "stop");
    }
    fields.integers("stop_token_ids");
    List<String> badWords = fields.strings("bad_words");
    if (badWords != null && badWords.stream().anyMatch(String::isEmpty)) {
      throw ApiError.badRequest("bad_words cannot contain an empty string. Got bad_words=" + badWords, "bad_words");
    }
    int minTokens = toInt(fields.integer("min_tokens"), 0);
    if (minTokens < 0) {
      throw ApiError.badRequest("min_tokens must be greater than or equal to 0, got " + minTokens + ".",
          "min_tokens");
    }
    logitBias(fields);
    Integer promptLogprobs = toInteger(fields.integer("prompt_logprobs"));
    if (promptLogprobs != null && stream && (promptLogprobs > 0 || promptLogprobs == -1)) {
      throw ApiError.badRequest("`prompt_logprobs` are not available when `stream=True`.", "prompt_logprobs");
    }
    if (promptLogprobs != null && promptLogprobs < -1) {
      throw ApiError.badRequest("`prompt_logprobs` must be a positive value or -1.", "prompt_logprobs");
    }
    Long truncate = fields.integer("truncate_prompt_tokens");
    if (truncate != null && truncate < -1) {
      throw fields.invalid("truncate_prompt_tokens", "Input should be greater than or equal to -1",
          fields.raw("truncate_prompt_tokens"));
    }
    String cacheSalt = fields.string("cache_salt");
    if (fields.has("cache_salt") && cacheSalt.isEmpty()) {
      throw ApiError.badRequest("Parameter 'cache_salt' must be a non-empty string if provided.", "cache_salt");
    }
    fields.string("user");
    for (String flag : List.of("echo", "ignore_eos", "skip_special_tokens", "spaces_between_special_tokens",
        "include_stop_str_in_output", "use_beam_search")) {
      fields.bool(flag);
    }
    return new GenerationOptions(fields.string("model"), stream, includeUsage, maxTokens, minTokens, n,
        stop == null ? List.of() : stop, sampleLogprobs, promptLogprobs, toInt(fields.integer("priority"), 0),
        toInteger(truncate), jsonObject(fields));
  }

  /** {@code min_tokens} may not exceed the cap the answer is generated with. */
  void requireMinTokensWithin(int effectiveMaxTokens) {
    if (minTokens > effectiveMaxTokens) {
      throw ApiError.badRequest("min_tokens must be less than or equal to max_tokens=" + effectiveMaxTokens
          + ", got " + minTokens + ".", "min_tokens");
    }
  }

  /** Python's truth of a raw JSON value: absent, null, false, 0, "" and empty containers are false. */
  static boolean truthy(JsonNode value) {
    if (value == null || value.isNull()) {
      return false;
    }
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    if (value.isNumber()) {
      return value.asDouble() != 0;
    }
    if (value.isString()) {
      return !value.asString().isEmpty();
    }
    return !value.isEmpty();
  }

  static int toInt(Long value, int absent) {
    return value == null ? absent : toInteger(value);
  }

  /** Counts beyond an int are far beyond every limit checked; they saturate so the checks refuse them. */
  static Integer toInteger(Long value) {
    return value == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
  }

  private static boolean orFalse(Boolean value) {
    return value != null && value;
  }

  private static boolean orTrue(Boolean value) {
    return value == null || value;
  }

  private static void penalty(LaxFields fields, String name) {
    Double penalty = fields.number(name);
    if (penalty != null && !(penalty >= -2 && penalty <= 2)) {
      throw ApiError.badRequest(name + " must be in [-2, 2], got " + penalty + ".", name);
    }
  }

  /** {@code logit_bias}: token ids (as strings) to numbers; vLLM turns the keys into integers. */
  private static void logitBias(LaxFields fields) {
    LaxFields bias = fields.object("logit_bias");
    if (bias == null) {
      return;
    }
    List<String> badKeys = fields.raw("logit_bias").propertyNames().stream().filter(key -> {
      bias.number(key);
      return !key.strip().matches("[+-]?\\d+");
    }).toList();
    if (!badKeys.isEmpty()) {
      throw ApiError.badRequest("logit_bias contains key(s) that cannot be converted to integer token IDs: "
          + badKeys.stream().map(key -> "'" + key + "'").toList(), "logit_bias");
    }
  }

  /** {@code response_format}: text, json_object, json_schema (with a named schema) or a structural tag. */
  private static boolean jsonObject(LaxFields fields) {
    LaxFields format = fields.object("response_format");
    if (format == null) {
      return false;
    }
    String type = format.has("type") ? format.string("type") : null;
    if (type == null || !RESPONSE_FORMATS.contains(type)) {
      throw format.invalid("type", type == null ? "Field required"
          : "Input should be 'text', 'json_object', 'json_schema' or 'structural_tag'", format.raw("type"));
    }
    switch (type) {
      case "json_schema" -> {
        LaxFields schema = format.object("json_schema");
        if (schema == null) {
          throw ApiError.badRequest("response_format of type json_schema needs a json_schema",
              "response_format.json_schema");
        }
        if (schema.string("name") == null) {
          throw schema.invalid("name", "Field required", null);
        }
        schema.string("description");
        schema.object("schema");
        schema.bool("strict");
      }
      case "structural_tag" -> {
        if (!format.has("format") && !(format.has("structures") && format.has("triggers"))) {
          throw format.invalid("format", "Field required", null);
        }
        format.strings("triggers");
      }
      default -> {
        // text and json_object take nothing more.
      }
    }
    return type.equals("json_object") || type.equals("json_schema");
  }
}
