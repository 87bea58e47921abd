package io.koreanllm.tokenizer;

import io.koreanllm.chattemplate.ChatTemplate;
import io.koreanllm.tokencount.CountingTokenizer;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One model's tokenizer and chat template: counts tokens exactly as vLLM and SGLang do.
 *
 * <p>Chat requests are rendered through the chat template (which already writes the special tokens such as
 * {@code <|begin_of_text|>}) and tokenized without adding special tokens, as vLLM's chat endpoint does; a raw
 * completion prompt is tokenized with them, as its completions endpoint does. Counting goes through
 * {@link CountingTokenizer} (exact, cached, without building the tokens); {@link #encode} and {@link #decode} use
 * the full native tokenizer. Thread-safe.
 */
public final class ModelTokenizer implements AutoCloseable {

  private final String name;
  private final NativeTokenizer tokenizer;
  private final CountingTokenizer counting;
  private final ChatTemplate chatTemplate;
  private final TokenizerConfig config;

  private ModelTokenizer(String name, NativeTokenizer tokenizer, CountingTokenizer counting,
      TokenizerConfig config) {
    this.name = name;
    this.tokenizer = tokenizer;
    this.counting = counting;
    this.config = config;
    this.chatTemplate = config.chatTemplate() == null ? null : ChatTemplate.compile(config.chatTemplate());
  }

  /** Loads the tokenizer files; {@code name} only labels errors and logs. */
  public static ModelTokenizer load(String name, TokenizerFiles files) throws IOException {
    TokenizerConfig config = TokenizerConfig.read(files.tokenizerConfigJson());
    NativeTokenizer tokenizer = new NativeTokenizer(files.tokenizerJson());
    try {
      return new ModelTokenizer(name, tokenizer, CountingTokenizer.create(tokenizer, files.tokenizerJson()),
          config);
    } catch (IOException | RuntimeException e) {
      tokenizer.close();
      throw e;
    }
  }

  public String name() {
    return name;
  }

  public boolean hasChatTemplate() {
    return chatTemplate != null;
  }

  /** Tokens in {@code text}; {@code addSpecialTokens} adds what the tokenizer's post-processor adds (e.g. BOS). */
  public int countText(String text, boolean addSpecialTokens) {
    return counting.count(text, addSpecialTokens);
  }

  /** Returned by {@link #countTextIfReady} for a text only the native tokenizer can count, before it is built. */
  public static final int NOT_READY = CountingTokenizer.NOT_READY;

  /**
   * Tokens in {@code text} as {@link #countText} counts them, or {@link #NOT_READY} when that needs
   * the native tokenizer before it is built: a caller that must not block counts such a text elsewhere.
   */
  public int countTextIfReady(String text, boolean addSpecialTokens) {
    return counting.countIfReady(text, addSpecialTokens);
  }

  /** What {@link #countText} must equal: the length of the full native encoding. For tests. */
  int countByFullEncode(String text, boolean addSpecialTokens) {
    return tokenizer.get().encode(text, addSpecialTokens, false).getIds().length;
  }

  /** Whether the native tokenizer has been built (counting needed it, or encode/decode was called). */
  public boolean nativeLoaded() {
    return tokenizer.isLoaded();
  }

  /** The counting path, for benchmarks that measure it cold ({@link CountingTokenizer#clearCaches}). */
  public CountingTokenizer counting() {
    return counting;
  }

  /** Token ids of {@code text}, without special tokens added. */
  public long[] encode(String text) {
    return tokenizer.get().encode(text, false, false).getIds();
  }

  /** Text of {@code ids}; special tokens are kept so a round trip is lossless. */
  public String decode(long[] ids) {
    return tokenizer.get().decode(ids, false);
  }

  /**
   * The prompt the model server builds from a chat request.
   *
   * @param messages the request's messages as JSON-like maps (role, content, tool_calls, …)
   * @param extraContext further template variables: {@code tools}, {@code chat_template_kwargs} entries
   */
  public String renderChat(List<? extends Map<String, ?>> messages, Map<String, ?> extraContext,
      boolean addGenerationPrompt) {
    if (chatTemplate == null) {
      throw new IllegalStateException("model tokenizer '" + name + "' has no chat template");
    }
    Map<String, Object> context = new HashMap<>(extraContext);
    context.put("messages", messages);
    context.put("add_generation_prompt", addGenerationPrompt);
    context.putIfAbsent("bos_token", config.bosToken() == null ? "" : config.bosToken());
    context.putIfAbsent("eos_token", config.eosToken() == null ? "" : config.eosToken());
    return chatTemplate.render(context);
  }

  /** Prompt tokens of a chat request, as the model server counts them. */
  public int countChat(List<? extends Map<String, ?>> messages, Map<String, ?> extraContext,
      boolean addGenerationPrompt) {
    return countText(renderChat(messages, extraContext, addGenerationPrompt), false);
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
