package io.koreanllm.simulator.openai;

import io.koreanllm.simulator.web.ApiError;
import io.koreanllm.simulator.web.LaxFields;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A {@code /v1/embeddings} request, read and checked as vLLM's {@code EmbeddingCompletionRequest}: {@code input} as a
 * text, texts, token ids or lists of them (one embedding each), {@code encoding_format} float or base64,
 * {@code dimensions}, {@code truncate_prompt_tokens}, {@code add_special_tokens} (true unless set false),
 * {@code priority}. The chat form ({@code messages}) is not simulated.
 */
record EmbeddingRequest(String model, List<Prompt> inputs, boolean base64, Integer dimensions,
    Integer truncatePromptTokens, boolean addSpecialTokens, int priority) {

  static EmbeddingRequest read(JsonNode body) {
    LaxFields fields = LaxFields.of("EmbeddingCompletionRequest", body);
    List<Prompt> inputs = Prompt.read(fields, "input");
    if (inputs == null) {
      if (fields.has("messages")) {
        throw ApiError.badRequest("chat embeddings (messages) are not simulated: send input", "messages");
      }
      throw fields.invalid("input", "Field required", null);
    }
    String format = fields.string("encoding_format");
    if (format != null && !format.equals("float") && !format.equals("base64")) {
      throw fields.invalid("encoding_format", "Input should be 'float' or 'base64'", fields.raw("encoding_format"));
    }
    Long truncate = fields.integer("truncate_prompt_tokens");
    if (truncate != null && truncate < -1) {
      throw fields.invalid("truncate_prompt_tokens", "Input should be greater than or equal to -1",
          fields.raw("truncate_prompt_tokens"));
    }
    fields.string("user");
    fields.bool("normalize");
    return new EmbeddingRequest(fields.string("model"), inputs, "base64".equals(format),
        GenerationOptions.toInteger(fields.integer("dimensions")), GenerationOptions.toInteger(truncate),
        !Boolean.FALSE.equals(fields.bool("add_special_tokens")),
        GenerationOptions.toInt(fields.integer("priority"), 0));
  }
}
