package io.koreanllm.tokencount;

/**
 * Everything the Java counting path needs from a {@code tokenizer.json} it can reproduce exactly.
 *
 * @param specialTokensAdded tokens the post-processor adds when asked to add special tokens, or -1 when the Java
 *     path does not know its post-processor (such counts then go to the native tokenizer)
 */
record CountingRules(AddedTokenSplitter addedTokens, PieceSplitter splitter, BytePairCounter pieces,
    int specialTokensAdded) {
}
