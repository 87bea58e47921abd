package io.koreanllm.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fast counting path against the full native encode, over a few MB of generated Korean, English, mixed,
 * code, emoji, NFD, chat-template and random-Unicode text, for both real tokenizers: with empty caches, with the
 * caches warm from the same texts, with every cache emptied before each text, and with special tokens added.
 */
class CountingEqualsFullEncodeTest {

  private static final int TEXTS = 3_000;

  @ParameterizedTest
  @ValueSource(strings = {"qwen3", "llama3"})
  void everyCountEqualsTheFullEncodeColdAndWarm(String name) throws IOException {
    try (ModelTokenizer tokenizer = Tokenizers.load(name)) {
      assertThat(tokenizer.counting().nativeReason()).as("counted in Java").isNull();
      List<String> texts = new CountingCorpus(name.hashCode(), addedTokens(name), tokenizer).texts(TEXTS);
      long bytes = texts.stream().mapToLong(t -> t.getBytes(StandardCharsets.UTF_8).length).sum();
      assertThat(bytes).as("corpus bytes").isGreaterThan(2_000_000);
      int[] expected = texts.stream().mapToInt(t -> tokenizer.countByFullEncode(t, false)).toArray();

      tokenizer.counting().clearCaches();
      assertCounts("cold", tokenizer, texts, expected, 1, false);
      assertCounts("warm", tokenizer, texts, expected, 1, false);
      assertCounts("emptied before each text", tokenizer, texts, expected, 10, true);

      List<String> mismatches = new ArrayList<>();
      for (int i = 0; i < texts.size(); i += 7) {
        String text = texts.get(i);
        int full = tokenizer.countByFullEncode(text, true);
        if (tokenizer.countText(text, true) != full) {
          mismatches.add("#" + i + " with special tokens: full " + full);
        }
      }
      assertThat(mismatches).isEmpty();
    }
  }

  /** Counts every {@code step}th text, emptying all caches before each when {@code emptyFirst}. */
  private static void assertCounts(String pass, ModelTokenizer tokenizer, List<String> texts, int[] expected,
      int step, boolean emptyFirst) {
    List<String> mismatches = new ArrayList<>();
    for (int i = 0; i < texts.size(); i += step) {
      if (emptyFirst) {
        tokenizer.counting().clearCaches();
      }
      int counted = tokenizer.countText(texts.get(i), false);
      if (counted != expected[i] && mismatches.size() < 10) {
        mismatches.add("#" + i + ": counted " + counted + ", full encode " + expected[i] + ": "
            + escape(texts.get(i)));
      }
    }
    assertThat(mismatches).as(pass).isEmpty();
  }

  static List<String> addedTokens(String name) {
    JsonNode json = JsonMapper.builder().build().readTree(Tokenizers.folder(name).resolve("tokenizer.json"));
    List<String> tokens = new ArrayList<>();
    json.path("added_tokens").forEach(token -> tokens.add(token.path("content").asString()));
    return tokens;
  }

  private static String escape(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints().limit(400).forEach(cp -> {
      if (cp >= 0x20 && cp < 0x7F) {
        out.append((char) cp);
      } else {
        out.append(String.format("\\u{%x}", cp));
      }
    });
    return out.toString();
  }
}
