package io.koreanllm.gateway.tokenize;

import io.koreanllm.tokenizer.ChatPrompt;
import java.util.List;

/**
 * What a request gives the model, in the form counting needs: a chat, a raw completion prompt, or the inputs of an
 * embeddings request.
 */
public sealed interface Prompt {

  /** Chat messages (and tools), rendered through the model's chat template before they are tokenized. */
  record Chat(ChatPrompt chat) implements Prompt {
  }

  /** A raw completion prompt, tokenized with the special tokens the tokenizer adds (as for /v1/completions). */
  record Text(String text) implements Prompt {
  }

  /**
   * Embedding inputs: each text tokenized on its own (with the special tokens unless the request said not to, as
   * vLLM does), plus inputs already given as token ids, which count as they are.
   */
  record Inputs(List<String> texts, int tokenIds, boolean specialTokens) implements Prompt {

    public Inputs {
      texts = List.copyOf(texts);
    }
  }
}
