package io.koreanllm.tokencount;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The hand-written splitter against the pre-tokenizer's own regex run by java.util.regex (whose {@code \p{L}},
 * {@code \p{N}}, case folding and, with UNICODE_CHARACTER_CLASS, {@code \s} follow the same Unicode properties),
 * on text drawn from characters of every class the regex tells apart.
 */
class PieceSplitterPropertyTest {

  private static final String[] ALPHABET = {"a", "Z", "s", "S", "t", "r", "e", "v", "m", "l", "L", "d", "\u017F",
      "가", "한", "ㄱ", "東", "é", "ß", "Σ", "1", "9", "٣", "Ⅻ", "½", "𝟏", " ", " ", " ", "\t", "\n", "\r", "\u00A0",
      "\u3000", "\u2028", "\u0085", "\u000B", "'", "'", "\"", ".", ",", "!", "?", "-", "_", "(", "…", "·", "🙂", "👍🏽",
      "\u200D", "\uFE0F", "\u0301", "#", "$", "₩", "\u0000", "\u001F", "𝐀", "𠀀"};

  private static final Pattern QWEN2 = Pattern.compile(PieceSplitter.QWEN2_PATTERN, Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern LLAMA3 = Pattern.compile(PieceSplitter.LLAMA3_PATTERN, Pattern.UNICODE_CHARACTER_CLASS);

  @Property(tries = 2_000)
  void piecesAreTheRegexMatchesOfBothPatterns(@ForAll("texts") String text) {
    assertThat(javaPieces(text, PieceSplitter.forPattern(PieceSplitter.QWEN2_PATTERN, CodePointClasses.of(false))))
        .isEqualTo(regexPieces(text, QWEN2));
    assertThat(javaPieces(text, PieceSplitter.forPattern(PieceSplitter.LLAMA3_PATTERN, CodePointClasses.of(false))))
        .isEqualTo(regexPieces(text, LLAMA3));
  }

  @Example
  void contractionsSplitOffAsTheRegexSplitsThem() {
    PieceSplitter llama = PieceSplitter.forPattern(PieceSplitter.LLAMA3_PATTERN, CodePointClasses.of(false));
    assertThat(javaPieces("I'm HE'S we'VE x'ſa it'sand 'll  1234567 x\n\n  y", llama)).containsExactly(
        "I", "'m", " HE", "'S", " we", "'VE", " x", "'ſ", "a", " it", "'s", "and", " '", "ll", " ", " ", "123", "456",
        "7", " x", "\n\n", " ", " y");
  }

  @Example
  void textWithACodePointJavaCannotVouchForIsRefused() {
    PieceSplitter qwen = PieceSplitter.forPattern(PieceSplitter.QWEN2_PATTERN, CodePointClasses.of(true));
    String unassigned = new String(Character.toChars(0x50000));
    assertThat(qwen.pieceEnd(unassigned, 0, unassigned.length())).isEqualTo(PieceSplitter.UNSURE_TEXT);
    assertThat(qwen.pieceEnd("\uD800x", 0, 2)).as("lone surrogate").isEqualTo(PieceSplitter.UNSURE_TEXT);
    assertThat(qwen.pieceEnd("\u1161", 0, 1)).as("NFC composes a vowel jamo").isEqualTo(PieceSplitter.UNSURE_TEXT);
    assertThat(qwen.pieceEnd("\u0301", 0, 1)).as("NFC reorders a combining mark").isEqualTo(PieceSplitter.UNSURE_TEXT);
    assertThat(qwen.pieceEnd("\u2126", 0, 1)).as("NFC maps OHM SIGN to OMEGA").isEqualTo(PieceSplitter.UNSURE_TEXT);
    assertThat(qwen.pieceEnd("\uFE0F", 0, 1)).as("variation selector: inert").isEqualTo(1);
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.of(ALPHABET).list().ofMaxSize(40).map(parts -> String.join("", parts));
  }

  private static List<String> javaPieces(String text, PieceSplitter splitter) {
    List<String> pieces = new ArrayList<>();
    for (int start = 0; start < text.length(); ) {
      int end = splitter.pieceEnd(text, start, text.length());
      assertThat(end).as("piece end at %d of %s", start, text).isGreaterThan(start);
      pieces.add(text.substring(start, end));
      start = end;
    }
    return pieces;
  }

  /** Matches of the regex; with behaviour "Isolated" anything between matches would be a piece too. */
  private static List<String> regexPieces(String text, Pattern pattern) {
    List<String> pieces = new ArrayList<>();
    Matcher matcher = pattern.matcher(text);
    int last = 0;
    while (matcher.find()) {
      if (matcher.start() > last) {
        pieces.add(text.substring(last, matcher.start()));
      }
      pieces.add(matcher.group());
      last = matcher.end();
    }
    if (last < text.length()) {
      pieces.add(text.substring(last));
    }
    return pieces;
  }
}
