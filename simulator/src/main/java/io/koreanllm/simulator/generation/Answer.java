package io.koreanllm.simulator.generation;

import io.koreanllm.tokenizer.ModelTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the simulated model generates for one request.
 *
 * @param text the whole answer
 * @param tokens how many tokens were generated: the usage's {@code completion_tokens}
 * @param deltas the text each streamed token chunk carries, in order; joined they make {@code text}. There may be fewer
 *     deltas than tokens: a token ending inside a character (a Hangul syllable or emoji split into byte-level tokens)
 *     adds its text to the next delta instead of sending half a character
 * @param deltaTokens how many tokens each delta carries; they add up to {@code tokens}
 * @param finishReason {@code stop} when the answer ended by itself or at a stop string, {@code length} when
 *     {@code max_tokens} cut it
 * @param stopReason the stop string the answer ended at, or null (vLLM's {@code stop_reason})
 */
public record Answer(String text, int tokens, List<String> deltas, List<Integer> deltaTokens, String finishReason,
    String stopReason) {

  public static final String STOP = "stop";
  public static final String LENGTH = "length";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  /** What decoding yields for bytes that do not (yet) form a whole character. */
  private static final String INCOMPLETE = "\uFFFD";

  /**
   * What a request asks of the answer.
   *
   * @param maxTokens the most tokens to generate
   * @param stop strings that end the answer where they first appear (not included)
   * @param jsonObject whether the answer must be a JSON object ({@code response_format} json_object or json_schema)
   */
  public record Constraints(int maxTokens, List<String> stop, boolean jsonObject) {

    public Constraints {
      stop = List.copyOf(stop);
    }
  }

  /** The answer to {@code question}: the canned answer, as a JSON object if asked, ended at a stop string, then cut. */
  public static Answer generate(ModelTokenizer tokenizer, String question, Constraints constraints) {
    String full = CannedAnswers.answerTo(question);
    if (constraints.jsonObject()) {
      full = "{\"answer\": " + JSON.writeValueAsString(full) + "}";
    }
    String stopReason = null;
    int stopAt = full.length();
    for (String stop : constraints.stop()) {
      int at = full.indexOf(stop);
      if (at >= 0 && at < stopAt) {
        stopAt = at;
        stopReason = stop;
      }
    }
    return cut(tokenizer, full.substring(0, stopAt), constraints.maxTokens(), stopReason);
  }

  private static Answer cut(ModelTokenizer tokenizer, String full, int maxTokens, String stopReason) {
    long[] ids = tokenizer.encode(full);
    if (ids.length <= maxTokens) {
      return answer(tokenizer, full, ids, STOP, stopReason);
    }
    // Cut on a character boundary: the returned text then re-tokenizes to exactly the tokens counted.
    int kept = maxTokens;
    while (kept > 0 && decode(tokenizer, ids, kept).endsWith(INCOMPLETE)) {
      kept--;
    }
    String text = decode(tokenizer, ids, kept);
    return answer(tokenizer, text, tokenizer.encode(text), LENGTH, null);
  }

  /**
   * Decodes incrementally as vLLM does: a token's delta is the text of the ids so far minus what was already sent.
   * Decoding every prefix is quadratic, which is fine for answers of a few hundred tokens.
   */
  private static Answer answer(ModelTokenizer tokenizer, String text, long[] ids, String finishReason,
      String stopReason) {
    List<String> deltas = new ArrayList<>(ids.length);
    List<Integer> deltaTokens = new ArrayList<>(ids.length);
    int sentChars = 0;
    int sentTokens = 0;
    for (int count = 1; count <= ids.length; count++) {
      String decoded = decode(tokenizer, ids, count);
      if (!decoded.endsWith(INCOMPLETE) && decoded.length() > sentChars) {
        deltas.add(decoded.substring(sentChars));
        deltaTokens.add(count - sentTokens);
        sentChars = decoded.length();
        sentTokens = count;
      }
    }
    if (sentTokens < ids.length && !deltaTokens.isEmpty()) {
      // Tokens that added no text of their own still took decode steps: the last delta carries them.
      deltaTokens.set(deltaTokens.size() - 1, deltaTokens.get(deltaTokens.size() - 1) + ids.length - sentTokens);
    }
    return new Answer(text, ids.length, List.copyOf(deltas), List.copyOf(deltaTokens), finishReason, stopReason);
  }

  private static String decode(ModelTokenizer tokenizer, long[] ids, int count) {
    return tokenizer.decode(Arrays.copyOf(ids, count));
  }
}
