package io.koreanllm.simulator.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.koreanllm.simulator.generation.Answer;
import java.util.List;

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
  public Object answer(Head head, Answer answer, Usage usage) {
    return new ChatCompletion(head.id(), "chat.completion", head.created(), head.model(),
        List.of(new Choice(0, new Message(ASSISTANT, answer.text()), answer.finishReason())), usage);
  }

  /** vLLM opens with the role and empty content. */
  @Override
  public List<Object> opening(Head head) {
    return List.of(chunk(head, new Delta(ASSISTANT, ""), null));
  }

  @Override
  public Object token(Head head, String delta) {
    return chunk(head, new Delta(null, delta), null);
  }

  @Override
  public Object finish(Head head, String finishReason) {
    return chunk(head, new Delta(null, null), finishReason);
  }

  @Override
  public Object usage(Head head, Usage usage) {
    return new Chunk(head.id(), "chat.completion.chunk", head.created(), head.model(), List.of(), usage);
  }

  private static Chunk chunk(Head head, Delta delta, String finishReason) {
    return new Chunk(head.id(), "chat.completion.chunk", head.created(), head.model(),
        List.of(new ChunkChoice(0, delta, finishReason)), null);
  }

  record ChatCompletion(String id, String object, long created, String model, List<Choice> choices, Usage usage) {}

  record Choice(int index, Message message, @JsonProperty("finish_reason") String finishReason) {}

  record Message(String role, String content) {}

  record Chunk(String id, String object, long created, String model, List<ChunkChoice> choices,
      @JsonInclude(JsonInclude.Include.NON_NULL) Usage usage) {}

  record ChunkChoice(int index, Delta delta, @JsonProperty("finish_reason") String finishReason) {}

  /** Only what changed: the role once, then content; the finishing chunk's delta is empty. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Delta(String role, String content) {}
}
