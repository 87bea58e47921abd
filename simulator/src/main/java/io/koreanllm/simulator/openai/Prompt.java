package io.koreanllm.simulator.openai;

import io.koreanllm.simulator.model.ServedModel;
import io.koreanllm.simulator.web.ApiError;
import io.koreanllm.simulator.web.LaxFields;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One raw prompt of {@code /v1/completions} or {@code /v1/embeddings}: a text, or token ids given as they are. vLLM
 * takes {@code str | list[str] | list[int] | list[list[int]]}, a list of several being a batch.
 *
 * @param text the prompt's text, or null when it came as token ids
 * @param tokenIds the prompt's token ids, or null when it came as text
 */
record Prompt(String text, List<Long> tokenIds) {

  /** The prompts in field {@code name}; null when absent. */
  static List<Prompt> read(LaxFields fields, String name) {
    JsonNode value = fields.raw(name);
    if (value == null) {
      return null;
    }
    if (value.isString()) {
      return List.of(new Prompt(value.asString(), null));
    }
    if (!value.isArray()) {
      throw fields.invalid(name, "Input should be a valid string or a valid list", value);
    }
    if (value.isEmpty()) {
      throw ApiError.badRequest("Prompt cannot be empty", name);
    }
    JsonNode first = value.get(0);
    if (first.isArray()) {
      return fields.integerLists(name).stream().map(ids -> new Prompt(null, ids)).toList();
    }
    if (first.isString()) {
      return fields.strings(name).stream().map(text -> new Prompt(text, null)).toList();
    }
    return List.of(new Prompt(null, fields.integers(name)));
  }

  /** The prompt's tokens as the server counts them: a text with the special tokens asked for, token ids as given. */
  int count(ServedModel model, boolean addSpecialTokens) {
    return text != null ? model.count(text, addSpecialTokens) : tokenIds.size();
  }

  /** The prompt as text, for the canned answer to quote; token ids are checked first. */
  String text(ServedModel model) {
    return text != null ? text : model.tokenizer().decode(checkedIds(model));
  }

  /** Token ids must lie in the model's vocabulary, as vLLM checks them; a text passes as it is. */
  void checkVocabulary(ServedModel model) {
    if (tokenIds != null) {
      checkedIds(model);
    }
  }

  private long[] checkedIds(ServedModel model) {
    int vocabulary = model.vocabularySize();
    long[] ids = new long[tokenIds.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = tokenIds.get(i);
      if (ids[i] < 0 || ids[i] >= vocabulary) {
        throw ApiError.badRequest("Token id " + ids[i] + " is out of vocabulary", "prompt");
      }
    }
    return ids;
  }
}
