package io.koreanllm.benchmarks;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import io.koreanllm.tokenizer.ModelTokenizer;
import io.koreanllm.tokenizer.TokenizerFiles;
import io.koreanllm.tokenizer.TokenizerResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Counting the tokens of Korean chat prompts (about 4,000 characters, rendered through the chat template), one
 * prompt per operation, cycling through a pool of different conversations that share four system prompts
 * (parameter {@code text} picks realistic or made-up words):
 *
 * <ul>
 *   <li>{@code djlEncode}: DJL's plain {@code encode()}, what counting used before;
 *   <li>{@code djlIdsOnly}: the same native encode, fetching only the ids over JNI;
 *   <li>{@code countCold}: {@code ModelTokenizer.countText} with every cache emptied before each prompt;
 *   <li>{@code countWarmPieces}: segment cache emptied before each prompt, piece cache warm: fresh text made of
 *       words seen before;
 *   <li>{@code countWarm}: all caches warm: system prompts and earlier turns seen before, as in a running gateway.
 * </ul>
 *
 * <p>Besides prompts per second JMH reports {@code bytes} (UTF-8) and {@code tokens} per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CountingBenchmark {

  @Param({"qwen3", "llama3"})
  public String tokenizer;

  /**
   * {@code chat}: sentences of customer-support, engineering, summarizing and tutoring chats with names, numbers
   * and code; {@code novel}: made-up words of frequent syllables, which caches have rarely seen.
   */
  @Param({"chat", "novel"})
  public String text;

  /** Conversations in the pool; warm counting sees each of them again every this many prompts. */
  @Param("64")
  public int conversations;

  @Param("4000")
  public int promptChars;

  private ModelTokenizer model;
  private HuggingFaceTokenizer djl;
  private String[] prompts;
  private int[] bytes;
  private int[] tokens;
  private int next;

  @Setup(Level.Trial)
  public void load() throws IOException {
    TokenizerFiles files = TokenizerFiles.inFolder(TokenizerResolver.defaultCacheDir().resolve(tokenizer));
    model = ModelTokenizer.load(tokenizer, files);
    djl = HuggingFaceTokenizer.builder().optTokenizerPath(files.tokenizerJson()).optAddSpecialTokens(false)
        .optTruncation(false).optPadding(false).build();
    List<String> pool = KoreanChats.prompts(model, conversations, promptChars, text.equals("novel"), 20_260_101L);
    prompts = pool.toArray(String[]::new);
    bytes = new int[prompts.length];
    tokens = new int[prompts.length];
    for (int i = 0; i < prompts.length; i++) {
      bytes[i] = prompts[i].getBytes(StandardCharsets.UTF_8).length;
      tokens[i] = model.encode(prompts[i]).length;
      if (model.countText(prompts[i], false) != tokens[i]) {
        throw new IllegalStateException("count differs from the full encode for prompt " + i);
      }
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    djl.close();
    model.close();
  }

  /** Empties every cache before each prompt. */
  @State(Scope.Thread)
  public static class ColdCaches {
    @Setup(Level.Invocation)
    public void empty(CountingBenchmark benchmark) {
      benchmark.model.counting().clearCaches();
    }
  }

  /** Empties the segment cache before each prompt; pieces stay cached. */
  @State(Scope.Thread)
  public static class FreshSegments {
    @Setup(Level.Invocation)
    public void empty(CountingBenchmark benchmark) {
      benchmark.model.counting().clearSegmentCache();
    }
  }

  @Benchmark
  public int djlEncode(Throughput throughput) {
    int i = nextPrompt();
    return throughput.add(bytes[i], model.encode(prompts[i]).length);
  }

  @Benchmark
  public int djlIdsOnly(Throughput throughput) {
    int i = nextPrompt();
    long encoding = TokenizersLibrary.LIB.encode(djl.getHandle(), prompts[i], false);
    try {
      return throughput.add(bytes[i], TokenizersLibrary.LIB.getTokenIds(encoding).length);
    } finally {
      TokenizersLibrary.LIB.deleteEncoding(encoding);
    }
  }

  @Benchmark
  public int countCold(ColdCaches cold, Throughput throughput) {
    return count(throughput);
  }

  @Benchmark
  public int countWarmPieces(FreshSegments fresh, Throughput throughput) {
    return count(throughput);
  }

  @Benchmark
  public int countWarm(Throughput throughput) {
    return count(throughput);
  }

  private int count(Throughput throughput) {
    int i = nextPrompt();
    return throughput.add(bytes[i], model.countText(prompts[i], false));
  }

  private int nextPrompt() {
    int i = next;
    next = i + 1 == prompts.length ? 0 : i + 1;
    return i;
  }
}
