package io.koreanllm.simulator.openai;

import io.koreanllm.simulator.generation.Answer;
import java.util.List;

/**
 * The shapes one endpoint answers in: the whole answer, or the chunks of a stream. The chat and the text completions
 * endpoints differ only here; pacing, faults and framing are shared.
 */
interface ResponseFormat {

  /** Starts every response id: {@code chatcmpl-} or {@code cmpl-}. */
  String idPrefix();

  Object answer(Head head, Answer answer, Usage usage);

  /** The chunks sent before the first token's. */
  List<Object> opening(Head head);

  Object token(Head head, String delta);

  Object finish(Head head, String finishReason);

  /** The last chunk, sent only with {@code stream_options.include_usage}: no choices, just the usage. */
  Object usage(Head head, Usage usage);

  /** The fields every response and chunk of one request repeat. */
  record Head(String id, long created, String model) {}
}
