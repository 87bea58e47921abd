package io.koreanllm.tokencount;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AddedTokenSplitterTest {

  @Test
  void takesTheLeftmostMatchAndTheLongestOfThoseStartingThere() {
    AddedTokenSplitter splitter = new AddedTokenSplitter(List.of("<a>", "<a>b", "a>bc", "<|x|>"));
    long match = splitter.next("x<a>bc<|x|>", 0);
    assertThat(AddedTokenSplitter.start(match)).isEqualTo(1);
    assertThat(AddedTokenSplitter.end(match)).isEqualTo(5);
    long next = splitter.next("x<a>bc<|x|>", 5);
    assertThat(AddedTokenSplitter.start(next)).isEqualTo(6);
    assertThat(AddedTokenSplitter.end(next)).isEqualTo(11);
    assertThat(splitter.next("x<a>bc<|x|>", 11)).isEqualTo(-1);
  }

  @Test
  void tokensWithDifferentFirstCharactersAreAllFound() {
    AddedTokenSplitter splitter = new AddedTokenSplitter(List.of("[INST]", "</s>"));
    assertThat(AddedTokenSplitter.start(splitter.next("안녕 </s>[INST]", 0))).isEqualTo(3);
    assertThat(AddedTokenSplitter.start(splitter.next("안녕 </s>[INST]", 4))).isEqualTo(7);
    assertThat(new AddedTokenSplitter(List.of()).next("<|im_start|>", 0)).isEqualTo(-1);
  }
}
