package io.koreanllm.simulator.model;

import io.koreanllm.chattemplate.ChatTemplate;
import io.koreanllm.tokenizer.ChatPrompt;
import io.koreanllm.tokenizer.ModelTokenizer;
import io.koreanllm.tokenizer.TokenizerConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * One served model as the simulated server counts it: its tokenizer, and either its own chat template or the one the
 * settings put in its place, with the default system prompt the settings may add. Generation usage, {@code /tokenize}
 * and {@code /v1/embeddings} all count through here, so a model set to disagree with the gateway disagrees everywhere.
 */
public final class ServedModel {

  private final String name;
  private final String reference;
  private final ModelTokenizer tokenizer;
  private final TokenizerConfig config;
  private final ChatTemplate templateOverride;
  private final String defaultSystemPrompt;
  private final IntSupplier vocabularySize;

  ServedModel(String name, String reference, ModelTokenizer tokenizer, TokenizerConfig config,
      ChatTemplate templateOverride, String defaultSystemPrompt, IntSupplier vocabularySize) {
    this.name = name;
    this.reference = reference;
    this.tokenizer = tokenizer;
    this.config = config;
    this.templateOverride = templateOverride;
    this.defaultSystemPrompt = defaultSystemPrompt;
    this.vocabularySize = vocabularySize;
  }

  public String name() {
    return name;
  }

  /** The tokenizer reference the model was loaded from, as vLLM's {@code root} names the model path. */
  public String reference() {
    return reference;
  }

  public ModelTokenizer tokenizer() {
    return tokenizer;
  }

  /** The prompt the server builds from a chat. */
  public String renderChat(ChatPrompt prompt) {
    List<Map<String, Object>> messages = withDefaultSystemPrompt(prompt.messages());
    if (templateOverride == null) {
      return tokenizer.renderChat(messages, prompt.context(), prompt.addGenerationPrompt());
    }
    Map<String, Object> context = new HashMap<>(prompt.context());
    context.put("messages", messages);
    context.put("add_generation_prompt", prompt.addGenerationPrompt());
    context.putIfAbsent("bos_token", config.bosToken() == null ? "" : config.bosToken());
    context.putIfAbsent("eos_token", config.eosToken() == null ? "" : config.eosToken());
    return templateOverride.render(context);
  }

  /**
   * The tokens of {@code text}; with {@code addSpecialTokens}, those the tokenizer adds around it too (as vLLM does
   * for a raw prompt). Of the vocabularies simulated, only Llama 3 adds one: its BOS token, in front.
   */
  public long[] tokens(String text, boolean addSpecialTokens) {
    long[] ids = tokenizer.encode(text);
    int added = addSpecialTokens ? tokenizer.countText(text, true) - ids.length : 0;
    if (added == 0) {
      return ids;
    }
    long[] bos = config.bosToken() == null ? new long[0] : tokenizer.encode(config.bosToken());
    if (bos.length != added) {
      throw new IllegalStateException("tokenizer '" + reference + "' adds " + added
          + " special tokens that are not its BOS token; the simulator does not know where they go");
    }
    long[] all = new long[added + ids.length];
    System.arraycopy(bos, 0, all, 0, added);
    System.arraycopy(ids, 0, all, added, ids.length);
    return all;
  }

  /** How many tokens {@link #tokens} returns, counted without building them. */
  public int count(String text, boolean addSpecialTokens) {
    return tokenizer.countText(text, addSpecialTokens);
  }

  /** Token ids run from 0 to this, exclusive: the base vocabulary and the added tokens. */
  public int vocabularySize() {
    return vocabularySize.getAsInt();
  }

  private List<Map<String, Object>> withDefaultSystemPrompt(List<Map<String, Object>> messages) {
    if (defaultSystemPrompt == null || (!messages.isEmpty() && "system".equals(messages.get(0).get("role")))) {
      return messages;
    }
    List<Map<String, Object>> withSystem = new ArrayList<>(messages.size() + 1);
    withSystem.add(Map.of("role", "system", "content", defaultSystemPrompt));
    withSystem.addAll(messages);
    return withSystem;
  }
}
