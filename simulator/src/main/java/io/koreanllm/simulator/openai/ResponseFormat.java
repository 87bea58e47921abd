package io.koreanllm.simulator.openai;

import io.koreanllm.simulator.generation.Answer;
import java.util.List;

/**
 * The shapes one endpoint answers in: the whole answer, or the chunks of a stream. The chat and the text completions
 * endpoints differ only here; pacing, faults and framing are shared. A request for {@code n} answers gets {@code n}
 * choices, indexed from 0; the simulated model writes the same answer in each.
 */
interface ResponseFormat {

  /** Starts every response id: {@code chatcmpl-} or {@code cmpl-}. */
  String idPrefix();

  Object answer(Head head, Answer answer, int choices, Usage usage);

  /** The chunks sent for one choice before its first token's. */
  List<Object> opening(Head head, int index);

  Object token(Head head, int index, String delta);

  Object finish(Head head, int index, Answer answer);

  /** The last chunk, sent only with {@code stream_options.include_usage}: no choices, just the usage. */
  Object usage(Head head, Usage usage);

  /** The fields every response and chunk of one request repeat. */
  record Head(String id, long created, String model) {}
}
