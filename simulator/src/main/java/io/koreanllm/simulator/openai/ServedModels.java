package io.koreanllm.simulator.openai;

import io.koreanllm.simulator.control.SimulatorSettings;
import io.koreanllm.simulator.web.ApiError;
import io.koreanllm.tokenizer.ModelTokenizer;
import io.koreanllm.tokenizer.TokenizerCatalog;
import org.springframework.stereotype.Component;

/** The tokenizer behind each served model name. */
@Component
class ServedModels {

  private final TokenizerCatalog tokenizers;

  ServedModels(TokenizerCatalog tokenizers) {
    this.tokenizers = tokenizers;
  }

  /** The tokenizer of {@code model} under {@code settings}; an unknown model is a 404, as in vLLM. */
  ModelTokenizer tokenizer(SimulatorSettings settings, String model) {
    String reference = settings.models().get(model);
    if (reference == null) {
      throw ApiError.modelNotFound(model);
    }
    return tokenizers.get(reference);
  }
}
