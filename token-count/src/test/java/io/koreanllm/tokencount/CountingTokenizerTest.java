package io.koreanllm.tokencount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class CountingTokenizerTest {

  private static final String CHAT = "<|im_start|>system\n당신은 친절한 비서입니다.<|im_end|>\n<|im_start|>user\n"
      + "쿠버네티스에서 토큰 제한기를 어떻게 설정하나요? 예시 YAML도 보여 주세요 🙂<|im_end|>\n<|im_start|>assistant\n";

  @Test
  void koreanTextIsCountedWithoutCallingTheNativeTokenizer() throws Exception {
    Path json = TestTokenizers.json("qwen3");
    HuggingFaceTokenizer tokenizer = TestTokenizers.djl(json);
    CountingTokenizer counting = CountingTokenizer.create(TestTokenizers.counter(tokenizer), json);
    int expected = tokenizer.encode(CHAT, false, false).getIds().length;
    tokenizer.close();

    assertThat(counting.count(CHAT, false)).isEqualTo(expected);
    counting.clearCaches();
    assertThat(counting.count(CHAT, false)).as("cold, with no native tokenizer to ask").isEqualTo(expected);
    assertThatThrownBy(() -> counting.count(Normalizer.normalize("한국어", Normalizer.Form.NFD), false))
        .as("NFD Hangul needs the native tokenizer, which is closed").isInstanceOf(RuntimeException.class);
  }

  @Test
  void aTokenizerJsonTheJavaPathCannotReproduceIsRefusedWithTheReason() throws Exception {
    TokenizerJson qwen = TokenizerJson.read(TestTokenizers.json("qwen3"));
    assertThat(refusal(qwen, root -> root.putObject("normalizer").put("type", "NFKC"))).contains("normalizer NFKC");
    assertThat(refusal(qwen, root -> ((ObjectNode) root.get("added_tokens").get(0)).put("lstrip", true)))
        .contains("does not match literally");
    assertThat(refusal(qwen, root -> ((ObjectNode) root.at("/pre_tokenizer/pretokenizers/0/pattern"))
        .put("Regex", "\\s+"))).contains("split");
    assertThat(refusal(qwen, root -> ((ObjectNode) root.at("/pre_tokenizer/pretokenizers/1"))
        .put("use_regex", true))).contains("byte-level");
    assertThat(refusal(qwen, root -> ((ObjectNode) root.get("model")).put("dropout", 0.1))).contains("model");
    TokenizerJson roberta = edited(qwen, root -> root.putObject("post_processor").put("type", "RobertaProcessing"));
    assertThat(TokenizerJsonReader.read(roberta).specialTokensAdded()).as("unknown: native").isEqualTo(-1);
  }

  @Test
  void anUnsupportedTokenizerCountsNativelyAndExactly(@TempDir Path dir) throws Exception {
    JsonMapper json = JsonMapper.builder().build();
    ObjectNode root = (ObjectNode) json.readTree(TestTokenizers.json("qwen3"));
    root.putObject("normalizer").put("type", "NFKC");
    Path file = dir.resolve("tokenizer.json");
    json.writeValue(file.toFile(), root);
    try (HuggingFaceTokenizer tokenizer = TestTokenizers.djl(file)) {
      CountingTokenizer counting = CountingTokenizer.create(TestTokenizers.counter(tokenizer), file);
      assertThat(counting.nativeReason()).isEqualTo("normalizer NFKC");
      for (String text : List.of(CHAT, "ﬁnance ① ｈａｌｆ", "")) {
        assertThat(counting.count(text, false)).isEqualTo(tokenizer.encode(text, false, false).getIds().length);
      }
    }
  }

  @Test
  void loneSurrogatesAreCountedAsTheNativeTokenizerCountsThem() throws Exception {
    Path json = TestTokenizers.json("llama3");
    try (HuggingFaceTokenizer tokenizer = TestTokenizers.djl(json)) {
      CountingTokenizer counting = CountingTokenizer.create(TestTokenizers.counter(tokenizer), json);
      for (String text : List.of("a\uD800b", "\uDC00", "한국\uD83D", "<|eot_id|>\uDFFF<|eot_id|>")) {
        assertThat(counting.count(text, false)).as(text).isEqualTo(tokenizer.encode(text, false, false).getIds().length);
      }
    }
  }

  @Test
  void threadsCountingThroughTinyCachesThatEvictAllTheTimeStayExact() throws Exception {
    Path json = TestTokenizers.json("llama3");
    try (HuggingFaceTokenizer tokenizer = TestTokenizers.djl(json)) {
      CountingTokenizer counting = CountingTokenizer.create(TestTokenizers.counter(tokenizer), json,
          new CountCache(3, 2_000, 4_000), new CountCache(4, 8, 64));
      List<String> texts = koreanChats(400);
      int[] expected = texts.stream().mapToInt(t -> tokenizer.encode(t, false, false).getIds().length).toArray();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<Integer>> wrong = new ArrayList<>();
        for (int thread = 0; thread < 4; thread++) {
          int offset = thread * 37;
          wrong.add(pool.submit(() -> {
            int errors = 0;
            for (int round = 0; round < 3 * texts.size(); round++) {
              int i = (offset + round) % texts.size();
              errors += counting.count(texts.get(i), false) == expected[i] ? 0 : 1;
            }
            return errors;
          }));
        }
        for (Future<Integer> errors : wrong) {
          assertThat(errors.get()).isZero();
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private static List<String> koreanChats(int n) {
    String[] words = {"안녕하세요", "토큰을", "세어", "주세요", "서버", "요청이", "많습니다", "오늘", "날씨는", "맑음", "123",
        "GPU", "vLLM", "🙂", ",", ".", "?", "\n"};
    Random random = new Random(7);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      StringBuilder text = new StringBuilder("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n");
      for (int w = random.nextInt(120); w >= 0; w--) {
        text.append(words[random.nextInt(words.length)]).append(random.nextInt(4) == 0 ? "" : " ");
      }
      texts.add(text.append("<|eot_id|>").toString());
    }
    return texts;
  }

  private static String refusal(TokenizerJson file, Consumer<ObjectNode> edit) {
    try {
      TokenizerJsonReader.read(edited(file, edit));
    } catch (UnsupportedTokenizerException e) {
      return e.getMessage();
    }
    throw new AssertionError("not refused");
  }

  private static TokenizerJson edited(TokenizerJson file, Consumer<ObjectNode> edit) {
    ObjectNode root = (ObjectNode) file.root().deepCopy();
    edit.accept(root);
    return new TokenizerJson(root, file.vocab(), file.merges());
  }
}
