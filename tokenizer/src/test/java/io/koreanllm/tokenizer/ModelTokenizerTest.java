package io.koreanllm.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class ModelTokenizerTest {

  private static ModelTokenizer qwen;
  private static ModelTokenizer llama;

  @BeforeAll
  static void load() throws Exception {
    qwen = Tokenizers.load("qwen3");
    llama = Tokenizers.load("llama3");
  }

  @AfterAll
  static void close() {
    qwen.close();
    llama.close();
  }

  @Test
  void countsLongTextWithoutTruncating() {
    String text = "안녕하세요, 반갑습니다. ".repeat(2_000);
    int count = qwen.countText(text, false);
    // DJL truncates at 512 tokens unless told not to; counting must see everything.
    assertThat(count).isGreaterThan(10_000).isEqualTo(qwen.encode(text).length);
  }

  @Test
  void specialTokensAreAddedOnlyWhenAsked() {
    // Llama-3's post-processor adds <|begin_of_text|>; Qwen's adds nothing.
    assertThat(llama.countText("한국의 수도는", true)).isEqualTo(llama.countText("한국의 수도는", false) + 1);
    assertThat(qwen.countText("한국의 수도는", true)).isEqualTo(qwen.countText("한국의 수도는", false));
  }

  @Test
  void aChatIsCountedAsItsRenderedTemplateWhoseSpecialTokensAreSingleTokens() {
    List<Map<String, ?>> messages = List.of(Map.of("role", "user", "content", "안녕"));
    String rendered = llama.renderChat(messages, Map.of(), true);
    assertThat(rendered).startsWith("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n안녕<|eot_id|>")
        .endsWith("<|start_header_id|>assistant<|end_header_id|>\n\n");
    assertThat(llama.countChat(messages, Map.of(), true)).isEqualTo(llama.countText(rendered, false));
    for (String special : List.of("<|begin_of_text|>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>")) {
      assertThat(llama.countText(special, false)).as(special).isEqualTo(1);
    }
  }

  @Test
  void theNativeTokenizerIsBuiltOnlyWhenATextNeedsIt() throws Exception {
    try (ModelTokenizer fresh = Tokenizers.load("qwen3")) {
      List<Map<String, ?>> messages = List.of(Map.of("role", "system", "content", "친절한 비서입니다."),
          Map.of("role", "user", "content", "오늘 회의는 3시에 시작해요. Please bring the Q3 report!"));
      int chat = fresh.countChat(messages, Map.of(), true);
      int text = fresh.countText("서울의 가을 하늘은 높고 맑습니다.", false);
      assertThat(fresh.nativeLoaded()).isFalse();

      // Decomposed Hangul (NFD) is for the native tokenizer to normalize: it is built then, and the count is exact.
      String decomposed = java.text.Normalizer.normalize("한국어", java.text.Normalizer.Form.NFD);
      int nfd = fresh.countText(decomposed, false);
      assertThat(fresh.nativeLoaded()).isTrue();
      assertThat(nfd).isEqualTo(fresh.countByFullEncode(decomposed, false));
      assertThat(chat).isEqualTo(fresh.countByFullEncode(fresh.renderChat(messages, Map.of(), true), false));
      assertThat(text).isEqualTo(fresh.countByFullEncode("서울의 가을 하늘은 높고 맑습니다.", false));
    }
  }

  @Test
  void countingIfReadyNeverBuildsTheNativeTokenizerAndSaysWhenATextNeedsIt() throws Exception {
    try (ModelTokenizer fresh = Tokenizers.load("qwen3")) {
      String korean = "오늘 회의는 3시에 시작해요. Please bring the Q3 report!";
      String decomposed = "회의 " + java.text.Normalizer.normalize("한국어", java.text.Normalizer.Form.NFD);
      // The references come from another instance: a full encode builds the native tokenizer of its own.
      assertThat(fresh.countTextIfReady(korean, true)).isEqualTo(qwen.countByFullEncode(korean, true));
      assertThat(fresh.nativeLoaded()).isFalse();

      assertThat(fresh.countTextIfReady(decomposed, false)).isEqualTo(ModelTokenizer.NOT_READY);
      assertThat(fresh.nativeLoaded()).as("asking did not build it").isFalse();

      int nfd = fresh.countText(decomposed, false);
      assertThat(fresh.countTextIfReady(decomposed, false)).as("once built, it is used").isEqualTo(nfd)
          .isEqualTo(qwen.countByFullEncode(decomposed, false));
    }
  }

  @Test
  void aTokenizerTheJavaPathCannotReproduceIsCountedNativelyAndExactly(@TempDir Path dir) throws Exception {
    Path qwen3 = Tokenizers.folder("qwen3");
    JsonMapper json = JsonMapper.builder().build();
    ObjectNode root = (ObjectNode) json.readTree(qwen3.resolve("tokenizer.json"));
    root.putObject("normalizer").put("type", "NFKC");
    json.writeValue(dir.resolve("tokenizer.json").toFile(), root);
    Files.copy(qwen3.resolve("tokenizer_config.json"), dir.resolve("tokenizer_config.json"));
    try (ModelTokenizer nfkc = ModelTokenizer.load("nfkc", TokenizerFiles.inFolder(dir))) {
      assertThat(nfkc.counting().nativeReason()).isEqualTo("normalizer NFKC");
      assertThat(nfkc.nativeLoaded()).as("built when loaded, not at a first count").isTrue();
      for (String text : List.of("ﬁnance ① ｈａｌｆ", "오늘 회의는 3시에 시작해요.", "")) {
        assertThat(nfkc.countText(text, false)).as(text).isEqualTo(nfkc.countByFullEncode(text, false));
        assertThat(nfkc.countText(text, true)).as(text).isEqualTo(nfkc.countByFullEncode(text, true));
        assertThat(nfkc.countTextIfReady(text, true)).as(text).isEqualTo(nfkc.countByFullEncode(text, true));
      }
    }
  }

  @Test
  void encodeAndDecodeRoundTripKoreanText() {
    String text = "토큰 리미터가 정확하게 셉니다 🙂";
    assertThat(qwen.decode(qwen.encode(text))).isEqualTo(text);
    assertThat(qwen.encode(text)).hasSize(qwen.countText(text, false));
  }

  @Test
  void thePromptOfAChatRequestIsBuiltAsVllmBuildsIt() {
    ChatPrompt prompt = ChatPrompt.fromRequest(tools.jackson.databind.json.JsonMapper.builder().build().readTree("""
        {"messages": [{"role": "user", "content": [{"type": "text", "text": "첫째"}, {"type": "text", "text": "둘째"}]}],
         "chat_template_kwargs": {"enable_thinking": false}, "add_generation_prompt": true}"""));
    assertThat(prompt.messages()).containsExactly(Map.of("role", "user", "content", "첫째\n둘째"));
    assertThat(prompt.context()).containsEntry("enable_thinking", false);
    assertThat(prompt.lastUserText()).isEqualTo("첫째\n둘째");
    assertThat(prompt.render(qwen)).isEqualTo(
        "<|im_start|>user\n첫째\n둘째<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n");
  }
}
