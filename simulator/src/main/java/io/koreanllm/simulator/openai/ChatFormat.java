package io.koreanllm.simulator.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.koreanllm.simulator.generation.Answer;
import java.util.List;
import java.util.stream.IntStream;

/** {@code chat.completion} answers and {@code chat.completion.chunk} stream chunks. */
final class ChatFormat implements ResponseFormat {

  static final ChatFormat INSTANCE = new ChatFormat();

  private static final String ASSISTANT = "assistant";

  private ChatFormat() {}

  @Override
  public String idPrefix() {
    return "chatcmpl-";
  }

  @Override
  public Object answer(Head head, Answer answer, int choices, Usage usage) {
    return new ChatCompletion(head.id(), "chat.completion", head.created(), head.model(),
        IntStream.range(0, choices).mapToObj(index -> new Choice(index, new Message(ASSISTANT, answer.text()), null,
            answer.finishReason(), answer.stopReason())).toList(), usage);
  }

  /** vLLM opens each choice with the role and empty content. */
  @Override
  public List<Object> opening(Head head, int index) {
    return List.of(chunk(head, new ChunkChoice(index, new Delta(ASSISTANT, ""), null, null, null)));
  }

  @Override
  public Object token(Head head, int index, String delta) {
    return chunk(head, new ChunkChoice(index, new Delta(null, delta), null, null, null));
  }

  @Override
  public Object finish(Head head, int index, Answer answer) {
    return chunk(head, new ChunkChoice(index, new Delta(null, null), null, answer.finishReason(),
        answer.stopReason()));
  }

  @Override
  public Object usage(Head head, Usage usage) {
    return new Chunk(head.id(), "chat.completion.chunk", head.created(), head.model(), List.of(), usage);
  }

  private static Chunk chunk(Head head, ChunkChoice choice) {
    return new Chunk(head.id(), "chat.completion.chunk", head.created(), head.model(), List.of(choice), null);
  }

  record ChatCompletion(String id, String object, long created, String model, List<Choice> choices, Usage usage) {}

  record Choice(int index, Message message, Object logprobs, @JsonProperty("finish_reason") String finishReason,
      @JsonProperty("stop_reason") String stopReason) {}

  record Message(String role, String content) {}

  record Chunk(String id, String object, long created, String model, List<ChunkChoice> choices,
      @JsonInclude(JsonInclude.Include.NON_NULL) Usage usage) {}

  record ChunkChoice(int index, Delta delta, Object logprobs, @JsonProperty("finish_reason") String finishReason,
      @JsonProperty("stop_reason") String stopReason) {}

  /** Only what changed: the role once, then content; the finishing chunk's delta is empty. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Delta(String role, String content) {}
}
