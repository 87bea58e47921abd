package io.koreanllm.simulator.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.koreanllm.simulator.generation.Answer;
import java.util.List;

/** {@code text_completion} objects: the same shape for the whole answer and for each stream chunk. */
final class TextFormat implements ResponseFormat {

  static final TextFormat INSTANCE = new TextFormat();

  private TextFormat() {}

  @Override
  public String idPrefix() {
    return "cmpl-";
  }

  @Override
  public Object answer(Head head, Answer answer, Usage usage) {
    return completion(head, List.of(new Choice(0, answer.text(), answer.finishReason())), usage);
  }

  /** Text streams start straight with the first token. */
  @Override
  public List<Object> opening(Head head) {
    return List.of();
  }

  @Override
  public Object token(Head head, String delta) {
    return completion(head, List.of(new Choice(0, delta, null)), null);
  }

  @Override
  public Object finish(Head head, String finishReason) {
    return completion(head, List.of(new Choice(0, "", finishReason)), null);
  }

  @Override
  public Object usage(Head head, Usage usage) {
    return completion(head, List.of(), usage);
  }

  private static TextCompletion completion(Head head, List<Choice> choices, Usage usage) {
    return new TextCompletion(head.id(), "text_completion", head.created(), head.model(), choices, usage);
  }

  record TextCompletion(String id, String object, long created, String model, List<Choice> choices,
      @JsonInclude(JsonInclude.Include.NON_NULL) Usage usage) {}

  record Choice(int index, String text, @JsonProperty("finish_reason") String finishReason) {}
}
