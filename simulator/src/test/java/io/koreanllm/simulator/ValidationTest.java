package io.koreanllm.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The sampling and output parameters are refused as vLLM refuses them: a 400 in vLLM's error shape
 * ({@code {"error": {message, type, param, code: 400}}}), with vLLM's message, and nothing generated. What vLLM's lax
 * reading accepts is accepted.
 */
class ValidationTest extends SimulatorHttpTest {

  private static final String CHAT = "/v1/chat/completions";
  private static final String TEXT = "/v1/completions";
  /** A value vLLM's own checks refuse. */
  private static final String CHECK = "BadRequestError";
  /** A value of the wrong type or shape, refused by vLLM's request model before any check. */
  private static final String TYPE = "Bad Request";

  static Stream<Arguments> refused() {
    return Stream.of(
        refused(CHAT, Map.of("temperature", -0.1), CHECK, "temperature", "temperature must be non-negative, got -0.1."),
        refused(TEXT, Map.of("temperature", 2.5), CHECK, "temperature", "temperature must be in [0, 2], got 2.5."),
        refused(CHAT, Map.of("temperature", "hot"), TYPE, "temperature", "Input should be a valid number"),
        refused(CHAT, Map.of("temperature", "nan"), CHECK, "temperature", "temperature must be a finite number"),
        refused(CHAT, Map.of("top_p", 0), CHECK, "top_p", "top_p must be in (0, 1], got 0.0."),
        refused(TEXT, Map.of("top_p", 1.5), CHECK, "top_p", "top_p must be in (0, 1], got 1.5."),
        refused(CHAT, Map.of("top_k", -2), CHECK, "top_k", "top_k must be 0 (disable), or at least 1, got -2."),
        refused(CHAT, Map.of("top_k", 1.5), TYPE, "top_k", "got a number with a fractional part"),
        refused(TEXT, Map.of("min_p", 1.5), CHECK, "min_p", "min_p must be in [0, 1], got 1.5."),
        refused(CHAT, Map.of("n", 0), CHECK, "n", "n must be at least 1, got 0."),
        refused(TEXT, Map.of("n", 16385), CHECK, "n", "n must be at most 16384, got 16385."),
        refused(CHAT, Map.of("presence_penalty", 2.5), CHECK, "presence_penalty",
            "presence_penalty must be in [-2, 2], got 2.5."),
        refused(TEXT, Map.of("frequency_penalty", -3), CHECK, "frequency_penalty",
            "frequency_penalty must be in [-2, 2], got -3.0."),
        refused(CHAT, Map.of("repetition_penalty", 0), CHECK, "repetition_penalty",
            "repetition_penalty must be greater than zero, got 0.0."),
        refused(CHAT, Map.of("seed", new java.math.BigInteger("9223372036854775808")), TYPE, "seed",
            "Input should be less than or equal to 9223372036854775807"),
        refused(TEXT, Map.of("seed", "abc"), TYPE, "seed", "unable to parse string as an integer"),
        refused(CHAT, Map.of("stop", ""), CHECK, "stop", "stop cannot contain an empty string."),
        refused(TEXT, Map.of("stop", List.of("끝", "")), CHECK, "stop", "stop cannot contain an empty string."),
        refused(CHAT, Map.of("stop", 5), TYPE, "stop", "Input should be a valid list"),
        refused(CHAT, Map.of("logprobs", "maybe"), TYPE, "logprobs", "Input should be a valid boolean"),
        refused(CHAT, Map.of("top_logprobs", 5), CHECK, "top_logprobs",
            "when using `top_logprobs`, `logprobs` must be set to true."),
        refused(CHAT, Map.of("logprobs", true, "top_logprobs", -2), CHECK, "top_logprobs",
            "`top_logprobs` must be a positive value or -1."),
        refused(CHAT, Map.of("logprobs", true, "top_logprobs", 21), CHECK, "logprobs",
            "Requested sample logprobs of 21, which is greater than max allowed: 20"),
        refused(TEXT, Map.of("logprobs", 21), CHECK, "logprobs",
            "Requested sample logprobs of 21, which is greater than max allowed: 20"),
        refused(TEXT, Map.of("logprobs", -2), CHECK, "logprobs", "logprobs must be non-negative or -1, got -2."),
        refused(TEXT, Map.of("prompt_logprobs", 1, "stream", true), CHECK, "prompt_logprobs",
            "`prompt_logprobs` are not available when `stream=True`."),
        refused(CHAT, Map.of("max_tokens", 0), CHECK, "max_tokens", "max_tokens must be at least 1, got 0."),
        refused(TEXT, Map.of("max_tokens", -5), CHECK, "max_tokens", "max_tokens must be at least 1, got -5."),
        refused(CHAT, Map.of("max_completion_tokens", 0, "max_tokens", 8), CHECK, "max_tokens",
            "max_tokens must be at least 1, got 0."),
        refused(CHAT, Map.of("max_tokens", "many"), TYPE, "max_tokens", "Input should be a valid integer"),
        refused(CHAT, Map.of("min_tokens", 9), CHECK, "min_tokens",
            "min_tokens must be less than or equal to max_tokens=8, got 9."),
        refused(CHAT, Map.of("response_format", Map.of("type", "xml")), TYPE, "response_format.type",
            "Input should be 'text', 'json_object', 'json_schema' or 'structural_tag'"),
        refused(TEXT, Map.of("response_format", "json"), TYPE, "response_format",
            "Input should be a valid dictionary"),
        refused(CHAT, Map.of("response_format", Map.of("type", "json_schema")), CHECK, "response_format.json_schema",
            "needs a json_schema"),
        refused(CHAT, Map.of("response_format", Map.of("type", "json_schema", "json_schema", Map.of("schema", Map.of()))),
            TYPE, "response_format.json_schema.name", "Field required"),
        refused(CHAT, Map.of("tools", "weather"), TYPE, "tools", "Input should be a valid list"),
        refused(CHAT, Map.of("tools", List.of(Map.of("type", "function"))), TYPE, "tools.0.function",
            "Field required"),
        refused(CHAT, Map.of("tools", List.of(Map.of("function", Map.of("description", "no name")))), TYPE,
            "tools.0.function.name", "Field required"),
        refused(CHAT, Map.of("tools", List.of(Map.of("type", "retrieval", "function", Map.of("name", "f")))), TYPE,
            "tools.0.type", "Input should be 'function'"),
        refused(CHAT, Map.of("tool_choice", "auto"), CHECK, "tool_choice",
            "When using `tool_choice`, `tools` must be set."),
        refused(CHAT, Map.of("tools", weatherTool(), "tool_choice", "sometimes"), CHECK, "tool_choice",
            "Invalid value for `tool_choice`: sometimes! Only named tools, \"none\", \"auto\" or \"required\" are "
                + "supported."),
        refused(CHAT, Map.of("tools", weatherTool(), "tool_choice", Map.of("type", "function")), CHECK, "tool_choice",
            "Invalid value for `function`: `None` in `tool_choice`!"),
        refused(CHAT, Map.of("tools", weatherTool(), "tool_choice",
                Map.of("type", "function", "function", Map.of("name", "stocks"))), CHECK, "tool_choice",
            "The tool specified in `tool_choice` does not match any of the specified `tools`"),
        refused(CHAT, Map.of("user", 5), TYPE, "user", "Input should be a valid string"),
        refused(CHAT, Map.of("stream_options", Map.of("include_usage", true)), CHECK, "stream_options",
            "Stream options can only be defined when `stream=True`."),
        refused(TEXT, Map.of("stream", false, "stream_options", Map.of("include_usage", true)), CHECK, "stream_options",
            "Stream options can only be defined when `stream=True`."),
        refused(CHAT, Map.of("priority", 1), CHECK, "priority",
            "Got priority 1 but Priority scheduling is not enabled."),
        refused(TEXT, Map.of("priority", "high"), TYPE, "priority", "Input should be a valid integer"),
        refused(CHAT, Map.of("chat_template", "{{ messages }}"), CHECK, "chat_template",
            "--trust-request-chat-template is not set"),
        refused(CHAT, Map.of("continue_final_message", true, "add_generation_prompt", true), CHECK,
            "continue_final_message", "Cannot set both `continue_final_message` and `add_generation_prompt` to True."),
        refused(TEXT, Map.of("suffix", "끝"), CHECK, "suffix", "suffix is not currently supported"),
        refused(CHAT, Map.of("truncate_prompt_tokens", -2), TYPE, "truncate_prompt_tokens",
            "Input should be greater than or equal to -1"),
        refused(TEXT, Map.of("truncate_prompt_tokens", 5000), CHECK, "truncate_prompt_tokens",
            "truncate_prompt_tokens value is greater than max_model_len."),
        refused(CHAT, Map.of("logit_bias", Map.of("abc", 1)), CHECK, "logit_bias",
            "logit_bias contains key(s) that cannot be converted to integer token IDs: ['abc']"),
        refused(CHAT, Map.of("cache_salt", ""), CHECK, "cache_salt",
            "Parameter 'cache_salt' must be a non-empty string if provided."),
        refused(CHAT, Map.of("messages", "안녕"), TYPE, "messages", "Input should be a valid list"),
        refused(CHAT, Map.of("messages", List.of("안녕")), TYPE, "messages.0", "Input should be a valid dictionary"),
        refused(TEXT, Map.of("prompt", List.of(1, "둘")), TYPE, "prompt.1", "Input should be a valid integer"),
        refused(TEXT, Map.of("prompt", List.of(9_999_999)), CHECK, "prompt", "Token id 9999999 is out of vocabulary"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("refused")
  void refusedAsVllmRefusesIt(String path, Map<String, Object> fields, String type, String param, String message) {
    JsonNode error = post(path, request(path, fields), 400);

    assertThat(error.at("/error/code").asInt()).isEqualTo(400);
    assertThat(error.at("/error/type").asString()).isEqualTo(type);
    assertThat(error.at("/error/param").asString()).isEqualTo(param);
    assertThat(error.at("/error/message").asString()).contains(message);
    JsonNode stats = stats();
    assertThat(stats.get("started").asLong()).as("nothing reached the engine").isZero();
    assertThat(stats.get("completed").asLong()).isZero();
  }

  /** Values vLLM's lax reading takes: numbers as strings, integral floats, flags as words, the extremes of ranges. */
  static Stream<Arguments> accepted() {
    return Stream.of(
        Arguments.of(CHAT, Map.of("temperature", "0.7", "top_p", 1, "top_k", -1, "min_p", 0)),
        Arguments.of(TEXT, Map.of("temperature", 0, "seed", -1, "n", "2", "presence_penalty", -2)),
        Arguments.of(CHAT, Map.of("temperature", 2, "frequency_penalty", 2, "repetition_penalty", 1.3)),
        Arguments.of(CHAT, Map.of("max_tokens", 8.0, "stream", "false", "logprobs", "yes", "top_logprobs", 20)),
        Arguments.of(TEXT, Map.of("logprobs", 5, "echo", false, "stop", "끝", "user", "사용자-1")),
        Arguments.of(CHAT, Map.of("stop", List.of("끝", "END"), "min_tokens", 8, "cache_salt", "salt")),
        Arguments.of(CHAT, Map.of("stream_options", Map.of())),
        Arguments.of(CHAT, Map.of("priority", 0, "truncate_prompt_tokens", -1, "logit_bias", Map.of("151643", -100))),
        Arguments.of(CHAT, Map.of("tools", List.of(), "tool_choice", "required")),
        Arguments.of(CHAT, Map.of("tools", weatherTool(), "tool_choice",
            Map.of("type", "function", "function", Map.of("name", "weather")))),
        Arguments.of(CHAT, Map.of("response_format", Map.of("type", "json_schema",
            "json_schema", Map.of("name", "answer", "schema", Map.of("type", "object"), "strict", true)))),
        Arguments.of(TEXT, Map.of("response_format", Map.of("type", "text"), "add_special_tokens", false)),
        Arguments.of(TEXT, Map.of("prompt", List.of(List.of(53901, 3837)))),
        Arguments.of(CHAT, Map.of("continue_final_message", true, "add_generation_prompt", false)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("accepted")
  void acceptedAsVllmAcceptsIt(String path, Map<String, Object> fields) {
    post(path, request(path, fields), 200);

    assertThat(stats().get("completed").asLong()).isEqualTo(1);
  }

  @Test
  void aRequestWithoutModelIsServedByTheFirstModelAsVllmDoes() {
    JsonNode answer = post(CHAT, Map.of("messages", List.of(Map.of("role", "user", "content", "안녕"))), 200);

    assertThat(answer.get("model").asString()).isEqualTo(QWEN);
  }

  @Test
  void stopStringsEndTheAnswerBeforeThemWithTheirStopReason() {
    Map<String, Object> request = Map.of("model", QWEN, "max_tokens", 300,
        "messages", List.of(Map.of("role", "user", "content", "안녕하세요")));
    String whole = post(CHAT, request, 200).at("/choices/0/message/content").asString();
    String stop = whole.substring(10, 13);

    JsonNode stopped = post(CHAT, with(request, Map.of("stop", List.of("없는 말", stop))), 200);

    assertThat(stopped.at("/choices/0/message/content").asString()).isEqualTo(whole.substring(0, whole.indexOf(stop)));
    assertThat(stopped.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
    assertThat(stopped.at("/choices/0/stop_reason").asString()).isEqualTo(stop);
    assertThat(stopped.at("/usage/completion_tokens").asInt())
        .isEqualTo(tokenizer(QWEN).countText(whole.substring(0, whole.indexOf(stop)), false));
  }

  @Test
  void aJsonResponseFormatGetsAJsonObject() {
    JsonNode answer = post(CHAT, Map.of("model", QWEN, "max_tokens", 400, "response_format", Map.of("type", "json_object"),
        "messages", List.of(Map.of("role", "user", "content", "JSON으로 답해 주세요"))), 200);

    JsonNode content = JSON.readTree(answer.at("/choices/0/message/content").asString());
    assertThat(content.get("answer").asString()).containsPattern("\\p{IsHangul}");
  }

  @Test
  void nAnswersComeAsNChoicesAndCountNTimes() {
    Map<String, Object> request = Map.of("model", LLAMA, "max_tokens", 12,
        "messages", List.of(Map.of("role", "user", "content", "세 가지 답을 주세요")));
    JsonNode one = post(CHAT, request, 200);

    JsonNode three = post(CHAT, with(request, Map.of("n", 3)), 200);

    assertThat(three.get("choices")).extracting(choice -> choice.get("index").asInt()).containsExactly(0, 1, 2);
    assertThat(three.get("choices")).allSatisfy(choice -> assertThat(choice.at("/message/content").asString())
        .isEqualTo(one.at("/choices/0/message/content").asString()));
    assertThat(three.at("/usage/completion_tokens").asInt()).isEqualTo(3 * one.at("/usage/completion_tokens").asInt());
    assertThat(three.at("/usage/prompt_tokens").asInt()).isEqualTo(one.at("/usage/prompt_tokens").asInt());
  }

  @Test
  void aStreamOfNAnswersStreamsEachChoice() {
    Streamed streamed = stream(CHAT, Map.of("model", QWEN, "max_tokens", 6, "n", 2, "stream", true,
        "stream_options", Map.of(), "messages", List.of(Map.of("role", "user", "content", "둘"))));

    List<JsonNode> chunks = streamed.chunks();
    assertThat(chunks.subList(0, chunks.size() - 1)).extracting(chunk -> chunk.at("/choices/0/index").asInt())
        .contains(0, 1);
    assertThat(chunks).filteredOn(chunk -> chunk.at("/choices/0/finish_reason").isString()).hasSize(2);
    // An empty stream_options still asks for usage: vLLM's include_usage defaults to true.
    assertThat(chunks.get(chunks.size() - 1).at("/usage/completion_tokens").asInt()).isPositive();
  }

  @Test
  void defaultMaxTokensAreVllmsSixteenForTextAndTheRestOfTheContextForChats() {
    JsonNode text = post(TEXT, Map.of("model", QWEN, "prompt", "긴 글을 써 주세요"), 200);
    JsonNode chat = post(CHAT, Map.of("model", QWEN, "messages", List.of(Map.of("role", "user", "content", "긴 글"))),
        200);

    assertThat(text.at("/usage/completion_tokens").asInt()).isLessThanOrEqualTo(16);
    assertThat(text.at("/choices/0/finish_reason").asString()).isEqualTo("length");
    assertThat(chat.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
  }

  @Test
  void aPromptFillingTheContextIsRefusedWithVllmsWords() {
    putSettings(Map.of("max-model-len", 8));

    JsonNode error = post(CHAT, Map.of("model", QWEN, "messages",
        List.of(Map.of("role", "user", "content", "이 문장은 여덟 토큰보다 훨씬 깁니다"))), 400);

    assertThat(error.at("/error/param").asString()).isEqualTo("input_tokens");
    assertThat(error.at("/error/message").asString()).startsWith("This model's maximum context length is 8 tokens. "
        + "However, your request has ").endsWith(" input tokens. Please reduce the length of the input messages.");
  }

  @Test
  void truncatePromptTokensKeepsThePromptsLastTokens() {
    Map<String, Object> request = Map.of("model", QWEN, "max_tokens", 4,
        "messages", List.of(Map.of("role", "user", "content", "아주 긴 질문을 짧게 잘라서 세어 보겠습니다")));
    int whole = post(CHAT, request, 200).at("/usage/prompt_tokens").asInt();

    JsonNode truncated = post(CHAT, with(request, Map.of("truncate_prompt_tokens", 5)), 200);

    assertThat(whole).isGreaterThan(5);
    assertThat(truncated.at("/usage/prompt_tokens").asInt()).isEqualTo(5);
  }

  private static Arguments refused(String path, Map<String, Object> fields, String type, String param,
      String message) {
    return Arguments.of(path, fields, type, param, message);
  }

  private static Map<String, Object> request(String path, Map<String, Object> fields) {
    Map<String, Object> base = path.equals(CHAT)
        ? Map.of("model", QWEN, "max_tokens", 8, "messages", List.of(Map.of("role", "user", "content", "안녕")))
        : Map.of("model", QWEN, "max_tokens", 8, "prompt", "안녕");
    return with(base, fields);
  }

  private static List<Map<String, Object>> weatherTool() {
    return List.of(Map.of("type", "function", "function", Map.of("name", "weather",
        "parameters", Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string"))))));
  }
}
