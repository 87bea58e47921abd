package io.koreanllm.simulator.generation;

import static org.assertj.core.api.Assertions.assertThat;

import io.koreanllm.simulator.RealTokenizers;
import io.koreanllm.tokenizer.ModelTokenizer;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AnswerTest {

  /** Enough questions to hit every canned answer. */
  private static final List<String> QUESTIONS = IntStream.range(0, 24).mapToObj(i -> "질문 " + i + "번").toList();

  static List<String> tokenizers() {
    return RealTokenizers.REFERENCES;
  }

  private static Answer.Constraints upTo(int maxTokens) {
    return new Answer.Constraints(maxTokens, List.of(), false);
  }

  @Test
  void questionsPickEveryCannedAnswerAndQuoteTheirStart() {
    assertThat(QUESTIONS.stream().map(CannedAnswers::answerTo).map(answer -> answer.substring(0, 5)).distinct())
        .hasSize(4);
    assertThat(CannedAnswers.answerTo("서울 날씨<|im_end|>는 어때요?")).contains("\"서울 날씨 im end 는 어때요\"");
    assertThat(CannedAnswers.answerTo("!!!")).contains("말씀하신 내용");
  }

  @ParameterizedTest
  @MethodSource("tokenizers")
  void deltasJoinIntoTheAnswerWhoseTokensAreCounted(String reference) {
    ModelTokenizer tokenizer = RealTokenizers.get(reference);
    for (String question : QUESTIONS) {
      Answer answer = Answer.generate(tokenizer, question, upTo(1_000));

      assertThat(answer.text()).isEqualTo(CannedAnswers.answerTo(question));
      assertThat(answer.finishReason()).isEqualTo(Answer.STOP);
      assertThat(answer.tokens()).isEqualTo(tokenizer.countText(answer.text(), false));
      assertThat(String.join("", answer.deltas())).isEqualTo(answer.text());
    }
  }

  @ParameterizedTest
  @MethodSource("tokenizers")
  void aTokenEndingInsideACharacterWaitsForTheNext(String reference) {
    ModelTokenizer tokenizer = RealTokenizers.get(reference);
    String question = QUESTIONS.stream().filter(q -> CannedAnswers.answerTo(q).contains("😊")).findFirst().orElseThrow();

    Answer answer = Answer.generate(tokenizer, question, upTo(1_000));

    // The emoji's four bytes span several byte-level tokens, but no delta carries half of it.
    assertThat(answer.deltas()).hasSizeLessThan(answer.tokens()).noneMatch(delta -> delta.contains("\uFFFD"));
    assertThat(answer.deltas()).anyMatch(delta -> delta.contains("😊"));
  }

  @ParameterizedTest
  @MethodSource("tokenizers")
  void maxTokensCutsOnACharacterBoundary(String reference) {
    ModelTokenizer tokenizer = RealTokenizers.get(reference);
    String question = QUESTIONS.stream().filter(q -> CannedAnswers.answerTo(q).contains("똠얌꿍")).findFirst().orElseThrow();
    Answer whole = Answer.generate(tokenizer, question, upTo(1_000));

    for (int maxTokens = 1; maxTokens < whole.tokens(); maxTokens++) {
      Answer cut = Answer.generate(tokenizer, question, upTo(maxTokens));

      assertThat(cut.finishReason()).isEqualTo(Answer.LENGTH);
      assertThat(cut.tokens()).isLessThanOrEqualTo(maxTokens).isEqualTo(tokenizer.countText(cut.text(), false));
      assertThat(whole.text()).startsWith(cut.text());
      assertThat(cut.text()).doesNotContain("\uFFFD");
      assertThat(String.join("", cut.deltas())).isEqualTo(cut.text());
    }
  }
}
