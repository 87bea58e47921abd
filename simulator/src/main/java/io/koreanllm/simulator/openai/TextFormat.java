package io.koreanllm.simulator.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.koreanllm.simulator.generation.Answer;
import java.util.List;
import java.util.stream.IntStream;

/** {@code text_completion} objects: the same shape for the whole answer and for each stream chunk. */
final class TextFormat implements ResponseFormat {

  static final TextFormat INSTANCE = new TextFormat();

  private TextFormat() {}

  @Override
  public String idPrefix() {
    return "cmpl-";
  }

  @Override
  public Object answer(Head head, Answer answer, int choices, Usage usage) {
    return completion(head, IntStream.range(0, choices)
        .mapToObj(index -> new Choice(index, answer.text(), null, answer.finishReason(), answer.stopReason()))
        .toList(), usage);
  }

  /** Text streams start straight with the first token. */
  @Override
  public List<Object> opening(Head head, int index) {
    return List.of();
  }

  @Override
  public Object token(Head head, int index, String delta) {
    return completion(head, List.of(new Choice(index, delta, null, null, null)), null);
  }

  @Override
  public Object finish(Head head, int index, Answer answer) {
    return completion(head, List.of(new Choice(index, "", null, answer.finishReason(), answer.stopReason())), null);
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

  record Choice(int index, String text, Object logprobs, @JsonProperty("finish_reason") String finishReason,
      @JsonProperty("stop_reason") String stopReason) {}
}
