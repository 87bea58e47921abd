package io.koreanllm.simulator.generation;

import java.util.List;

/**
 * The simulator's "model": a few friendly Korean answers, one picked by the question's hash so the same question always
 * gets the same answer, quoting the start of the question. The emoji and the rare syllables are there on purpose: byte-level
 * tokenizers split them across tokens, which is what streaming must cope with.
 */
public final class CannedAnswers {

  private static final int TOPIC_CODE_POINTS = 20;
  private static final String NO_TOPIC = "말씀하신 내용";

  /** Each holds one {@code %s}, where the quoted topic goes. */
  private static final List<String> ANSWERS = List.of(
      "안녕하세요! %s에 대해 질문해 주셔서 감사합니다. 핵심부터 말씀드리면, 작은 단계로 나누어 하나씩 확인하는 것이 가장 "
          + "좋습니다. 먼저 지금 상황을 정리하고, 필요한 자료를 모은 다음, 우선순위를 정해 차근차근 진행해 보세요. "
          + "더 궁금한 점이 있으시면 언제든지 편하게 물어봐 주세요.",
      "좋은 질문입니다. %s에 관해서는 많은 분들이 궁금해하세요. 세 가지로 정리해 드릴게요.\n"
          + "1. 기본 개념을 먼저 이해하세요.\n2. 간단한 예제로 직접 실습해 보세요.\n3. 결과를 기록하고 다시 검토하세요.\n"
          + "이렇게 하면 훨씬 빠르게 익숙해지실 거예요. 도움이 되었기를 바랍니다! 😊",
      "네, 도와드릴게요. %s 관련해서는 상황에 따라 답이 달라질 수 있지만, 일반적으로는 이렇게 생각해 볼 수 있습니다. "
          + "한국어 대형 언어 모델(LLM)은 문장을 토큰이라는 작은 단위로 나누어 처리하는데, 한글 음절 하나가 토큰 하나가 "
          + "되기도 하고 여러 토큰으로 쪼개지기도 합니다. 예를 들어 '뷁'이나 '똠얌꿍' 같은 드문 글자는 바이트 단위로 "
          + "나뉘곤 하지요. 그래서 정확한 토큰 수를 세려면 모델의 토크나이저를 그대로 써야 합니다.",
      "반갑습니다! %s, 정말 흥미로운 이야기네요. 제 생각을 짧게 말씀드리면, 서두르지 않고 꾸준히 하는 것이 가장 "
          + "중요합니다. 오늘 할 수 있는 일 한 가지를 정해서 바로 시작해 보세요. 늘 응원하겠습니다. 🙌");

  private CannedAnswers() {}

  public static String answerTo(String question) {
    String answer = ANSWERS.get(Math.floorMod(question.hashCode(), ANSWERS.size()));
    String topic = topic(question);
    return answer.formatted(topic.isEmpty() ? NO_TOPIC : "\"" + topic + "\"");
  }

  /**
   * The start of the question in letters, digits and single spaces: no markup or special-token text (such as
   * {@code <|im_end|>} in a raw prompt) leaks into the answer.
   */
  static String topic(String question) {
    StringBuilder topic = new StringBuilder();
    int codePoints = 0;
    for (int c : question.codePoints().toArray()) {
      if (codePoints == TOPIC_CODE_POINTS) {
        break;
      }
      boolean kept = Character.isLetterOrDigit(c);
      if (kept || (!topic.isEmpty() && topic.charAt(topic.length() - 1) != ' ')) {
        topic.appendCodePoint(kept ? c : ' ');
        codePoints++;
      }
    }
    return topic.toString().strip();
  }
}
