package io.koreanllm.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the relay passes on and reports, read by read, for the shapes of stream the backends send. */
class SseRelayTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String ROLE = "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}\n\n";
  private static final String TEXT = "data: {\"choices\":[{\"delta\":{\"content\":\"안녕\"}}]}\n\n";
  private static final String USAGE = "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":1}}\n\n";
  private static final String DONE = "data: [DONE]\n\n";

  private final List<JsonNode> seen = new ArrayList<>();

  @Test
  void passesEveryEventOnByteForByteAndReportsEachJsonChunk() {
    SseRelay relay = new SseRelay(JSON, seen::add, false);

    String out = text(relay.accept(bytes(ROLE + TEXT + USAGE + DONE)));

    assertThat(out).isEqualTo(ROLE + TEXT + USAGE + DONE);
    assertThat(seen).hasSize(3);
    assertThat(seen.get(1).at("/choices/0/delta/content").asString()).isEqualTo("안녕");
    assertThat(relay.done()).isTrue();
  }

  @Test
  void holdsAnEventSplitAcrossReadsOnlyUntilItsEnd() {
    SseRelay relay = new SseRelay(JSON, seen::add, false);
    byte[] all = bytes(TEXT);
    int cut = TEXT.indexOf("안") + 1; // inside a multi-byte character

    assertThat(relay.accept(Arrays.copyOfRange(all, 0, cut))).isEmpty();
    assertThat(seen).isEmpty();
    assertThat(text(relay.accept(Arrays.copyOfRange(all, cut, all.length)))).isEqualTo(TEXT);
    assertThat(seen).hasSize(1);
    assertThat(relay.done()).isFalse();
  }

  @Test
  void hidesTheUsageOnlyChunkWhenTheClientDidNotAskForIt() {
    SseRelay relay = new SseRelay(JSON, seen::add, true);

    String out = text(relay.accept(bytes(TEXT + USAGE + DONE)));

    assertThat(out).isEqualTo(TEXT + DONE);
    assertThat(seen).hasSize(2); // still read: the usage is what the request is charged
    assertThat(seen.get(1).at("/usage/prompt_tokens").asLong()).isEqualTo(7);
  }

  @Test
  void readsCrlfEventsDataWithoutASpaceAndDataSplitOverLines() {
    SseRelay relay = new SseRelay(JSON, seen::add, false);
    String crlf = "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\r\n\r\n";
    String noSpace = "data:{\"choices\":[{\"delta\":{\"content\":\"b\"}}]}\n\n";
    String twoLines = "event: message\ndata: {\"choices\":[{\"delta\":\ndata: {\"content\":\"c\"}}]}\n\n";
    String doneCrlf = "data: [DONE]\r\n\r\n";

    String out = text(relay.accept(bytes(crlf + noSpace + twoLines + doneCrlf)));

    assertThat(out).isEqualTo(crlf + noSpace + twoLines + doneCrlf);
    assertThat(seen).extracting(chunk -> chunk.at("/choices/0/delta/content").asString())
        .containsExactly("a", "b", "c");
    assertThat(relay.done()).isTrue();
  }

  @Test
  void passesOnWhatIsNotJsonCommentsAndATrailingCutEventUntouched() {
    SseRelay relay = new SseRelay(JSON, seen::add, false);
    String comment = ": keep-alive\n\n";
    String notJson = "data: not json at all\n\n";
    String cut = "data: {\"choices\":[{\"del";

    String out = text(relay.accept(bytes(comment + notJson + cut)));

    assertThat(out).isEqualTo(comment + notJson);
    assertThat(seen).isEmpty();
    assertThat(relay.done()).isFalse();
    assertThat(text(relay.finish())).isEqualTo(cut);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
