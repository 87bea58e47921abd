package io.koreanllm.tokencount;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reads a Hugging Face {@code tokenizer.json} into {@link CountingRules}, refusing (with the reason) anything whose
 * counts the Java path could not guarantee to equal the native tokenizer's: a normalizer other than none or NFC, a
 * pre-tokenizer other than the Llama-3 / Qwen2 split followed by plain byte-level, a model other than plain
 * byte-level BPE, added tokens with lstrip / rstrip / single_word / normalized matching.
 */
final class TokenizerJsonReader {

  private TokenizerJsonReader() {
  }

  static CountingRules read(TokenizerJson file) throws UnsupportedTokenizerException {
    JsonNode root = file.root();
    boolean nfc = readNormalizer(root.path("normalizer"));
    PieceSplitter splitter = readPreTokenizer(root.path("pre_tokenizer"), CodePointClasses.of(nfc));
    BytePairCounter pieces = readModel(root.path("model"), file.vocab(), file.merges());
    AddedTokenSplitter addedTokens = readAddedTokens(root.path("added_tokens"));
    return new CountingRules(addedTokens, splitter, pieces, specialTokensAdded(root.path("post_processor")));
  }

  private static boolean readNormalizer(JsonNode normalizer) throws UnsupportedTokenizerException {
    if (isAbsent(normalizer)) {
      return false;
    }
    String type = normalizer.path("type").asString("");
    if (type.equals("NFC")) {
      return true;
    }
    throw new UnsupportedTokenizerException("normalizer " + type);
  }

  private static PieceSplitter readPreTokenizer(JsonNode preTokenizer, CodePointClasses classes)
      throws UnsupportedTokenizerException {
    JsonNode steps = preTokenizer.path("pretokenizers");
    if (!preTokenizer.path("type").asString("").equals("Sequence") || steps.size() != 2) {
      throw new UnsupportedTokenizerException("pre-tokenizer other than Sequence[Split, ByteLevel]");
    }
    JsonNode split = steps.get(0);
    JsonNode byteLevel = steps.get(1);
    PieceSplitter splitter = PieceSplitter.forPattern(split.path("pattern").path("Regex").asString(""), classes);
    if (!split.path("type").asString("").equals("Split") || splitter == null
        || !split.path("behavior").asString("").equals("Isolated") || split.path("invert").asBoolean(false)) {
      throw new UnsupportedTokenizerException("pre-tokenizer split other than the Llama-3 / Qwen2 pattern, isolated");
    }
    if (!byteLevel.path("type").asString("").equals("ByteLevel") || byteLevel.path("add_prefix_space").asBoolean(true)
        || byteLevel.path("use_regex").asBoolean(true)) {
      throw new UnsupportedTokenizerException("byte-level pre-tokenizer with a prefix space or its own regex");
    }
    return splitter;
  }

  private static BytePairCounter readModel(JsonNode model, Map<String, Integer> vocab, List<String[]> merges)
      throws UnsupportedTokenizerException {
    if (!model.path("type").asString("").equals("BPE") || !isAbsent(model.path("dropout"))
        || model.path("byte_fallback").asBoolean(false)
        || !model.path("continuing_subword_prefix").asString("").isEmpty()
        || !model.path("end_of_word_suffix").asString("").isEmpty()) {
      throw new UnsupportedTokenizerException("model other than byte-level BPE without dropout, affixes, fallback");
    }
    int[] byteIds = new int[256];
    for (int b = 0; b < 256; b++) {
      Integer id = vocab.get(String.valueOf(ByteLevel.charOf(b)));
      if (id == null) {
        throw new UnsupportedTokenizerException("vocabulary lacks the byte-level character of byte " + b);
      }
      byteIds[b] = id;
    }
    return new BytePairCounter(byteIds, mergeTable(merges, vocab),
        model.path("ignore_merges").asBoolean(false) ? vocab.keySet() : null);
  }

  private static MergeTable mergeTable(List<String[]> merges, Map<String, Integer> vocab)
      throws UnsupportedTokenizerException {
    MergeTable table = new MergeTable(merges.size());
    int rank = 0;
    for (String[] merge : merges) {
      if (merge.length != 2) {
        throw new UnsupportedTokenizerException("merge #" + rank + " is not a pair of tokens");
      }
      String left = merge[0];
      String right = merge[1];
      Integer leftId = vocab.get(left);
      Integer rightId = vocab.get(right);
      Integer mergedId = vocab.get(left + right);
      if (leftId == null || rightId == null || mergedId == null) {
        throw new UnsupportedTokenizerException("merge " + left + " " + right + " is outside the vocabulary");
      }
      table.put(leftId, rightId, rank++, mergedId);
    }
    return table;
  }

  private static AddedTokenSplitter readAddedTokens(JsonNode addedTokens) throws UnsupportedTokenizerException {
    List<String> tokens = new ArrayList<>();
    for (JsonNode token : addedTokens) {
      String content = token.path("content").asString("");
      if (content.isEmpty() || token.path("single_word").asBoolean(false) || token.path("lstrip").asBoolean(false)
          || token.path("rstrip").asBoolean(false) || token.path("normalized").asBoolean(false)) {
        throw new UnsupportedTokenizerException("added token " + token + " does not match literally");
      }
      tokens.add(content);
    }
    return new AddedTokenSplitter(tokens);
  }

  /** Tokens a ByteLevel / TemplateProcessing post-processor (or a Sequence of them) adds; -1 for any other. */
  private static int specialTokensAdded(JsonNode processor) {
    if (isAbsent(processor)) {
      return 0;
    }
    switch (processor.path("type").asString("")) {
      case "ByteLevel":
        return 0;
      case "Sequence": {
        int added = 0;
        for (JsonNode step : processor.path("processors")) {
          int stepAdded = specialTokensAdded(step);
          if (stepAdded < 0) {
            return -1;
          }
          added += stepAdded;
        }
        return added;
      }
      case "TemplateProcessing": {
        int added = 0;
        for (JsonNode piece : processor.path("single")) {
          if (piece.has("SpecialToken")) {
            String id = piece.path("SpecialToken").path("id").asString("");
            added += processor.path("special_tokens").path(id).path("ids").size();
          }
        }
        return added;
      }
      default:
        return -1;
    }
  }

  private static boolean isAbsent(JsonNode node) {
    return node == null || node.isMissingNode() || node.isNull();
  }
}
