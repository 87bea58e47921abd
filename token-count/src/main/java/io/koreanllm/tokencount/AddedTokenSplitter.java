package io.koreanllm.tokencount;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds the tokenizer's added tokens (special tokens such as {@code <|im_start|>} and the like) in raw text as the
 * Hugging Face tokenizer does before anything else: leftmost match first, the longest of those starting there,
 * without overlaps. Only for added tokens that match literally (no lstrip, rstrip, single_word, normalized), each
 * of which encodes as one token. A character trie, so hundreds of tokens sharing a prefix (Llama-3's reserved
 * ones) cost one walk. Thread-safe.
 */
final class AddedTokenSplitter {

  private final Node root;
  /** The first character every added token shares, or -1 when they start differently. */
  private final int sharedFirstChar;
  private final boolean[] firstChars = new boolean[Character.MAX_VALUE + 1];

  AddedTokenSplitter(Collection<String> tokens) {
    Builder builder = new Builder();
    tokens.forEach(builder::add);
    root = builder.build();
    for (char first : root.keys) {
      firstChars[first] = true;
    }
    sharedFirstChar = root.keys.length == 1 ? root.keys[0] : -1;
  }

  /**
   * The next added token at or after {@code from}: its start in the low 32 bits and its length in the high 32
   * bits, or -1 when there is none.
   */
  long next(String text, int from) {
    if (root.keys.length == 0) {
      return -1;
    }
    int length = text.length();
    for (int i = from; i < length; i++) {
      if (sharedFirstChar >= 0) {
        i = text.indexOf(sharedFirstChar, i);
        if (i < 0) {
          return -1;
        }
      } else if (!firstChars[text.charAt(i)]) {
        continue;
      }
      int longest = longestTokenAt(text, i);
      if (longest > 0) {
        return (long) longest << 32 | i;
      }
    }
    return -1;
  }

  static int start(long match) {
    return (int) match;
  }

  static int end(long match) {
    return (int) match + (int) (match >>> 32);
  }

  private int longestTokenAt(String text, int start) {
    int longest = 0;
    Node node = root;
    for (int i = start; i < text.length(); i++) {
      node = node.child(text.charAt(i));
      if (node == null) {
        break;
      }
      if (node.endsToken) {
        longest = i + 1 - start;
      }
    }
    return longest;
  }

  private static final class Node {
    final char[] keys;
    final Node[] children;
    final boolean endsToken;

    Node(char[] keys, Node[] children, boolean endsToken) {
      this.keys = keys;
      this.children = children;
      this.endsToken = endsToken;
    }

    Node child(char c) {
      int i = Arrays.binarySearch(keys, c);
      return i < 0 ? null : children[i];
    }
  }

  private static final class Builder {
    final Map<Character, Builder> children = new TreeMap<>();
    boolean endsToken;

    void add(String token) {
      Builder node = this;
      for (int i = 0; i < token.length(); i++) {
        node = node.children.computeIfAbsent(token.charAt(i), c -> new Builder());
      }
      node.endsToken = true;
    }

    Node build() {
      char[] keys = new char[children.size()];
      Node[] nodes = new Node[children.size()];
      int i = 0;
      for (Map.Entry<Character, Builder> child : children.entrySet()) {
        keys[i] = child.getKey();
        nodes[i++] = child.getValue().build();
      }
      return new Node(keys, nodes, endsToken);
    }
  }
}
