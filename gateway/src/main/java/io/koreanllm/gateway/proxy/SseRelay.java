package io.koreanllm.gateway.proxy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Relays a backend's Server-Sent Events one whole event at a time: each event's JSON is reported and passed on
 * byte for byte, except the usage-only chunk when the client did not ask for it (the gateway always asks upstream).
 * An event split across network reads is held back only until its end arrives.
 */
final class SseRelay {

  private static final byte[] EMPTY = new byte[0];
  private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

  private final JsonMapper json;
  private final Consumer<JsonNode> observer;
  private final boolean hideUsageChunk;
  private byte[] pending = EMPTY;
  private boolean done;

  SseRelay(JsonMapper json, Consumer<JsonNode> observer, boolean hideUsageChunk) {
    this.json = json;
    this.observer = observer;
    this.hideUsageChunk = hideUsageChunk;
  }

  /** The bytes to send on after reading {@code chunk}: every event it completes, in order. */
  byte[] accept(byte[] chunk) {
    byte[] buffer = pending.length == 0 ? chunk : concat(pending, chunk);
    ByteArrayOutputStream out = new ByteArrayOutputStream(buffer.length);
    int start = 0;
    int end;
    while ((end = eventEnd(buffer, start)) > 0) {
      if (relay(buffer, start, end)) {
        out.write(buffer, start, end - start);
      }
      start = end;
    }
    pending = start == buffer.length ? EMPTY : Arrays.copyOfRange(buffer, start, buffer.length);
    return out.toByteArray();
  }

  /** Whether the closing {@code data: [DONE]} event has been read. */
  boolean done() {
    return done;
  }

  /** Whatever trailed the last complete event (a stream cut mid-event), passed on as it came. */
  byte[] finish() {
    byte[] rest = pending;
    pending = EMPTY;
    return rest;
  }

  private boolean relay(byte[] buffer, int start, int end) {
    byte[] data = data(buffer, start, end);
    if (data.length == 0) {
      return true;
    }
    if (Arrays.equals(data, DONE)) {
      done = true;
      return true;
    }
    JsonNode chunk;
    try {
      chunk = json.readTree(data);
    } catch (JacksonException e) {
      return true; // Not ours to judge: pass it on untouched.
    }
    observer.accept(chunk);
    boolean usageOnly = chunk.path("usage").isObject() && chunk.path("choices").isEmpty();
    return !(hideUsageChunk && usageOnly);
  }

  /**
   * The event's data: its {@code data:} lines' values (one leading space dropped), joined by line feeds. Read from the
   * bytes without a regex or a String per line: this runs for every token of every stream.
   */
  private static byte[] data(byte[] buffer, int start, int end) {
    ByteArrayOutputStream data = null;
    byte[] single = EMPTY;
    int lines = 0;
    int line = start;
    while (line < end) {
      int lineEnd = line;
      while (lineEnd < end && buffer[lineEnd] != '\n') {
        lineEnd++;
      }
      int next = lineEnd + 1;
      if (lineEnd > line && buffer[lineEnd - 1] == '\r') {
        lineEnd--;
      }
      if (startsWith(buffer, line, lineEnd, DATA)) {
        int value = line + DATA.length;
        if (value < lineEnd && buffer[value] == ' ') {
          value++;
        }
        if (lines == 0) {
          single = Arrays.copyOfRange(buffer, value, lineEnd);
        } else {
          if (data == null) {
            data = new ByteArrayOutputStream();
            data.write(single, 0, single.length);
          }
          data.write('\n');
          data.write(buffer, value, lineEnd - value);
        }
        lines++;
      }
      line = next;
    }
    return data == null ? single : data.toByteArray();
  }

  private static boolean startsWith(byte[] buffer, int from, int to, byte[] prefix) {
    if (to - from < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (buffer[from + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** The index just past the blank line that ends the event starting at {@code from}, or -1. */
  private static int eventEnd(byte[] buffer, int from) {
    for (int i = from; i < buffer.length - 1; i++) {
      if (buffer[i] == '\n') {
        if (buffer[i + 1] == '\n') {
          return i + 2;
        }
        if (buffer[i + 1] == '\r' && i + 2 < buffer.length && buffer[i + 2] == '\n') {
          return i + 3;
        }
      }
    }
    return -1;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] joined = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    return joined;
  }
}
