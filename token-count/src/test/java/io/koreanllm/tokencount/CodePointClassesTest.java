package io.koreanllm.tokencount;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every code point the Java path counts (all but {@link CodePointClasses#UNSURE}) is split and byte-pair counted
 * as the native tokenizer does: each is put into a probe that tells letters, numbers, white space, line breaks and
 * other characters apart, and the tokens of every pre-tokenized piece are compared with the native tokenizer's
 * tokens per word. Probes are joined with an added token, which the tokenizer never merges across.
 *
 * <p>By default every code point is probed except that only every 16th other-letter (the big CJK, Hangul, Tangut,
 * Yi blocks) and every 256th private-use code point is; {@code -Dkoreanllm.codepoints=all} probes all of them
 * (about a minute; it passed for DJL 0.35.1 on both tokenizers).
 */
class CodePointClassesTest {

  private static final int PROBES_PER_BATCH = 2_000;

  @ParameterizedTest
  @ValueSource(strings = {"qwen3", "llama3"})
  void everyCodePointCountedInJavaIsSplitAndMergedAsNatively(String name) throws Exception {
    Path json = TestTokenizers.json(name);
    CountingRules rules = TokenizerJsonReader.read(TokenizerJson.read(json));
    String separator = name.equals("qwen3") ? "<|endoftext|>" : "<|eot_id|>";
    try (HuggingFaceTokenizer tokenizer = TestTokenizers.djl(json)) {
      List<String> mismatches = new ArrayList<>();
      List<String> batch = new ArrayList<>();
      int probed = 0;
      for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
        if (rules.splitter().classes().of(cp) == CodePointClasses.UNSURE || !probed(cp)) {
          continue;
        }
        batch.add(probe(cp));
        probed++;
        if (batch.size() == PROBES_PER_BATCH || cp == Character.MAX_CODE_POINT) {
          compare(batch, separator, rules, tokenizer, mismatches);
          batch.clear();
        }
      }
      compare(batch, separator, rules, tokenizer, mismatches);
      assertThat(probed).isGreaterThan(20_000);
      assertThat(mismatches).isEmpty();
    }
  }

  private static final boolean ALL = "all".equals(System.getProperty("koreanllm.codepoints"));

  private static boolean probed(int cp) {
    return ALL || switch (Character.getType(cp)) {
      case Character.OTHER_LETTER -> cp % 16 == 0;
      case Character.PRIVATE_USE -> cp % 256 == 0;
      default -> true;
    };
  }

  private static String probe(int cp) {
    String c = Character.toString(cp);
    return "a" + c + "b " + c + c + "1" + c + "\n" + c + " " + c + "'" + c + "x" + c;
  }

  private static void compare(List<String> probes, String separator, CountingRules rules,
      HuggingFaceTokenizer tokenizer, List<String> mismatches) {
    if (probes.isEmpty()) {
      return;
    }
    String text = String.join(separator, probes);
    if (pieceTokens(text, rules).equals(wordTokens(tokenizer.encode(text, false, false)))) {
      return;
    }
    for (String probe : probes) {
      if (mismatches.size() < 20
          && !pieceTokens(probe, rules).equals(wordTokens(tokenizer.encode(probe, false, false)))) {
        mismatches.add(String.format("U+%04X: java %s, native %s", probe.codePointAt(1), pieceTokens(probe, rules),
            wordTokens(tokenizer.encode(probe, false, false))));
      }
    }
  }

  /** Tokens of each pre-tokenized piece (an added token is a piece of one), as the Java path counts them. */
  static List<Integer> pieceTokens(String text, CountingRules rules) {
    List<Integer> tokens = new ArrayList<>();
    int from = 0;
    while (from < text.length()) {
      long match = rules.addedTokens().next(text, from);
      int segmentEnd = match < 0 ? text.length() : AddedTokenSplitter.start(match);
      for (int start = from; start < segmentEnd; ) {
        int end = rules.splitter().pieceEnd(text, start, segmentEnd);
        tokens.add(rules.pieces().count(text, start, end));
        start = end;
      }
      if (match < 0) {
        break;
      }
      tokens.add(1);
      from = AddedTokenSplitter.end(match);
    }
    return tokens;
  }

  /** Tokens of each word (pre-tokenized piece) of a native encoding. */
  static List<Integer> wordTokens(Encoding encoding) {
    List<Integer> tokens = new ArrayList<>();
    long previous = Long.MIN_VALUE;
    for (long word : encoding.getWordIds()) {
      if (word != previous) {
        tokens.add(0);
        previous = word;
      }
      tokens.set(tokens.size() - 1, tokens.get(tokens.size() - 1) + 1);
    }
    return tokens;
  }
}
