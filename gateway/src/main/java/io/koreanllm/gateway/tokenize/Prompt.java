package io.koreanllm.gateway.tokenize;

import io.koreanllm.tokenizer.ChatPrompt;

/** What a request asks the model to continue, in the form counting needs: a chat, or a raw completion prompt. */
public sealed interface Prompt {

  /** Chat messages (and tools), rendered through the model's chat template before they are tokenized. */
  record Chat(ChatPrompt chat) implements Prompt {
  }

  /** A raw completion prompt, tokenized with the special tokens the tokenizer adds (as for /v1/completions). */
  record Text(String text) implements Prompt {
  }
}
