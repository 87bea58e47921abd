package io.koreanllm.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/embeddings} as vLLM serves it: every input form, usage counted exactly with the model's tokenizer
 * (special tokens included, as vLLM adds them), deterministic unit vectors, float or base64, {@code dimensions}, and
 * vLLM's refusals.
 */
class EmbeddingsTest extends SimulatorHttpTest {

  @Test
  void aTextIsCountedWithTheSpecialTokensTheTokenizerAdds() {
    String text = "임베딩할 한국어 문장입니다.";

    JsonNode answer = post("/v1/embeddings", Map.of("model", LLAMA, "input", text), 200);

    assertThat(answer.get("object").asString()).isEqualTo("list");
    assertThat(answer.get("id").asString()).startsWith("embd-");
    assertThat(answer.get("model").asString()).isEqualTo(LLAMA);
    assertThat(answer.at("/data/0/object").asString()).isEqualTo("embedding");
    assertThat(answer.at("/data/0/index").asInt()).isZero();
    assertThat(answer.at("/data/0/embedding")).hasSize(1024);
    assertThat(norm(floats(answer.at("/data/0/embedding")))).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    int tokens = tokenizer(LLAMA).countText(text, true);
    assertThat(tokens).isEqualTo(tokenizer(LLAMA).countText(text, false) + 1);
    assertThat(answer.at("/usage/prompt_tokens").asInt()).isEqualTo(tokens);
    assertThat(answer.at("/usage/total_tokens").asInt()).isEqualTo(tokens);
    assertThat(answer.at("/usage/completion_tokens").asInt()).isZero();
    assertThat(stats().get("completed").asLong()).isEqualTo(1);
  }

  @Test
  void eachInputOfABatchGetsItsVectorAndTheUsageIsTheirSum() {
    List<String> texts = List.of("첫 번째 문서", "두 번째 문서는 조금 더 깁니다", "첫 번째 문서");

    JsonNode answer = post("/v1/embeddings", Map.of("model", QWEN, "input", texts, "add_special_tokens", false), 200);

    assertThat(answer.get("data")).extracting(item -> item.get("index").asInt()).containsExactly(0, 1, 2);
    assertThat(answer.at("/usage/prompt_tokens").asInt())
        .isEqualTo(texts.stream().mapToInt(text -> tokenizer(QWEN).countText(text, false)).sum());
    // The same input gets the same vector, another input another one.
    assertThat(answer.at("/data/0/embedding")).isEqualTo(answer.at("/data/2/embedding"))
        .isNotEqualTo(answer.at("/data/1/embedding"));
    assertThat(post("/v1/embeddings", Map.of("model", QWEN, "input", "첫 번째 문서"), 200).at("/data/0/embedding"))
        .isEqualTo(answer.at("/data/0/embedding"));
  }

  @Test
  void tokenIdsAreCountedAsGiven() {
    long[] ids = tokenizer(QWEN).encode("토큰 아이디로 보낸 입력");

    JsonNode one = post("/v1/embeddings", Map.of("model", QWEN, "input", ids), 200);
    JsonNode two = post("/v1/embeddings", Map.of("model", QWEN, "input", List.of(ids, new long[] {ids[0]})), 200);

    assertThat(one.at("/usage/prompt_tokens").asInt()).isEqualTo(ids.length);
    assertThat(two.at("/usage/prompt_tokens").asInt()).isEqualTo(ids.length + 1);
    assertThat(two.get("data")).hasSize(2);
  }

  @Test
  void dimensionsShortenTheVectorAndBase64CarriesTheSameFloats() {
    Map<String, Object> request = Map.of("model", QWEN, "input", "짧은 벡터", "dimensions", 64);

    JsonNode floats = post("/v1/embeddings", request, 200);
    JsonNode base64 = post("/v1/embeddings", with(request, Map.of("encoding_format", "base64")), 200);

    assertThat(floats.at("/data/0/embedding")).hasSize(64);
    ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64.at("/data/0/embedding").asString()))
        .order(ByteOrder.LITTLE_ENDIAN);
    float[] decoded = new float[bytes.remaining() / Float.BYTES];
    bytes.asFloatBuffer().get(decoded);
    assertThat(decoded).containsExactly(floats(floats.at("/data/0/embedding")));
    assertThat(norm(decoded)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
  }

  @Test
  void embeddingsRefuseWhatVllmRefuses() {
    assertThat(post("/v1/embeddings", Map.of("model", QWEN), 400).at("/error/param").asString()).isEqualTo("input");
    assertThat(post("/v1/embeddings", Map.of("model", QWEN, "input", "x", "dimensions", 0), 400)
        .at("/error/message").asString()).isEqualTo("Dimensions must be greater than 0");
    assertThat(post("/v1/embeddings", Map.of("model", QWEN, "input", "x", "dimensions", 4096), 400)
        .at("/error/param").asString()).isEqualTo("dimensions");
    assertThat(post("/v1/embeddings", Map.of("model", QWEN, "input", "x", "encoding_format", "hex"), 400)
        .at("/error/type").asString()).isEqualTo("Bad Request");
    assertThat(post("/v1/embeddings", Map.of("model", QWEN, "input", List.of(-1)), 400)
        .at("/error/message").asString()).isEqualTo("Token id -1 is out of vocabulary");
    assertThat(post("/v1/embeddings", Map.of("model", QWEN, "input", List.of()), 400).at("/error/param").asString())
        .isEqualTo("input");
    assertThat(post("/v1/embeddings", Map.of("model", "nope", "input", "x"), 404).at("/error/type").asString())
        .isEqualTo("NotFoundError");
    assertThat(post("/v1/embeddings", Map.of("model", QWEN, "input", "x", "priority", 3), 400)
        .at("/error/message").asString()).isEqualTo("Got priority 3 but Priority scheduling is not enabled.");
    putSettings(Map.of("max-model-len", 5));
    assertThat(post("/v1/embeddings", Map.of("model", QWEN, "input", "다섯 토큰보다 훨씬 긴 한국어 입력 문장"), 400)
        .at("/error/message").asString()).startsWith("This model's maximum context length is 5 tokens. However, you "
            + "requested ").endsWith(" tokens in the input for embedding generation. Please reduce the length of the input.");
    assertThat(stats().get("started").asLong()).isZero();
  }

  @Test
  void embeddingsTakeARunningSlotForTheirPrefill() {
    putSettings(Map.of("ttft-ms", 300));

    post("/v1/embeddings", Map.of("model", QWEN, "input", List.of("하나", "둘")), 200);

    JsonNode stats = stats();
    assertThat(stats.get("started").asLong()).isEqualTo(1);
    assertThat(stats.get("maxRunning").asInt()).isEqualTo(2);
    assertThat(stats.get("running").asInt()).isZero();
  }

  private static float[] floats(JsonNode array) {
    float[] values = new float[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).floatValue();
    }
    return values;
  }

  private static double norm(float[] vector) {
    double sum = 0;
    for (float value : vector) {
      sum += value * value;
    }
    return Math.sqrt(sum);
  }
}
