package io.koreanllm.simulator.generation;

import io.koreanllm.tokenizer.ModelTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the simulated model generates for one request.
 *
 * @param text the whole answer
 * @param tokens how many tokens were generated: the usage's {@code completion_tokens}
 * @param deltas the text each streamed token chunk carries, in order; joined they make {@code text}. There may be fewer
 *     deltas than tokens: a token ending inside a character (a Hangul syllable or emoji split into byte-level tokens)
 *     adds its text to the next delta instead of sending half a character
 * @param finishReason {@code stop} when the answer ended by itself, {@code length} when {@code max_tokens} cut it
 */
public record Answer(String text, int tokens, List<String> deltas, String finishReason) {

  public static final String STOP = "stop";
  public static final String LENGTH = "length";

  /** What decoding yields for bytes that do not (yet) form a whole character. */
  private static final String INCOMPLETE = "\uFFFD";

  /** The answer to {@code question}, cut to at most {@code maxTokens} tokens. */
  public static Answer generate(ModelTokenizer tokenizer, String question, int maxTokens) {
    String full = CannedAnswers.answerTo(question);
    long[] ids = tokenizer.encode(full);
    if (ids.length <= maxTokens) {
      return new Answer(full, ids.length, deltas(tokenizer, ids), STOP);
    }
    // Cut on a character boundary: the returned text then re-tokenizes to exactly the tokens counted.
    int kept = maxTokens;
    while (kept > 0 && decode(tokenizer, ids, kept).endsWith(INCOMPLETE)) {
      kept--;
    }
    String text = decode(tokenizer, ids, kept);
    long[] keptIds = tokenizer.encode(text);
    return new Answer(text, keptIds.length, deltas(tokenizer, keptIds), LENGTH);
  }

  /**
   * Decodes incrementally as vLLM does: a token's delta is the text of the ids so far minus what was already sent.
   * Decoding every prefix is quadratic, which is fine for answers of a few hundred tokens.
   */
  private static List<String> deltas(ModelTokenizer tokenizer, long[] ids) {
    List<String> deltas = new ArrayList<>(ids.length);
    int sent = 0;
    for (int count = 1; count <= ids.length; count++) {
      String text = decode(tokenizer, ids, count);
      if (!text.endsWith(INCOMPLETE) && text.length() > sent) {
        deltas.add(text.substring(sent));
        sent = text.length();
      }
    }
    return List.copyOf(deltas);
  }

  private static String decode(ModelTokenizer tokenizer, long[] ids, int count) {
    return tokenizer.decode(Arrays.copyOf(ids, count));
  }
}
