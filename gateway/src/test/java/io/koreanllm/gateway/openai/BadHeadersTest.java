package io.koreanllm.gateway.openai;

import static io.koreanllm.gateway.support.Requests.DEV1_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import io.koreanllm.gateway.support.GatewayStack;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Headers no HTTP client library would send, written byte for byte on a raw socket: control characters, an attempt
 * to smuggle a second header line into the key, an enormous header, two keys at once, bytes outside ASCII. The gateway answers 4xx,
 * never 5xx, and never echoes the smuggled text.
 */
class BadHeadersTest {

  @RegisterExtension
  static final GatewayStack STACK = GatewayStack.withShippedUsers();

  private static final String BODY = "{\"model\":\"korean-qwen\",\"max_tokens\":5,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  static Stream<Arguments> headers() {
    return Stream.of(
        Arguments.of("a NUL in the key", "Authorization: Bearer sk-dev1-korean\u0000-key-789\r\n", false),
        Arguments.of("a bare CR in the key", "Authorization: Bearer " + DEV1_KEY + "\rX-Injected: yes\r\n", false),
        // Netty answers 431 and closes; with the rest unread the close may reach the client as a reset first.
        Arguments.of("a 64 KB header", "Authorization: Bearer " + DEV1_KEY + "\r\nX-Big: " + "a".repeat(65_536)
            + "\r\n", true),
        Arguments.of("two keys", "Authorization: Bearer sk-not-a-key\r\nAuthorization: Bearer " + DEV1_KEY + "\r\n",
            false),
        Arguments.of("Latin-1 bytes in the key", "Authorization: Bearer sk-ÿÿÿ\r\n", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("headers")
  void isRefusedWithA4xxAndNothingEchoed(String name, String header, boolean mayBeCutShort) throws Exception {
    URI gateway = URI.create(STACK.gateway().url());
    String request = "POST /v1/chat/completions HTTP/1.1\r\nHost: " + gateway.getHost() + "\r\n"
        + "Content-Type: application/json\r\nContent-Length: " + BODY.length() + "\r\nConnection: close\r\n"
        + header + "\r\n" + BODY;
    String response;
    try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      response = read(socket.getInputStream());
    }
    if (response.isEmpty() && mayBeCutShort) {
      return; // refused before an answer could be read: no request reached the route, so nothing was counted
    }
    int status = Integer.parseInt(response.substring(9, 12));
    assertThat(status).as(name).isBetween(400, 499);
    assertThat(response).doesNotContain("X-Injected").doesNotContain(DEV1_KEY);
  }

  /** What the server sent before it closed; a reset after a complete answer keeps the answer. */
  private static String read(InputStream in) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      in.transferTo(bytes);
    } catch (java.net.SocketException reset) {
      // the server closed with our bytes unread: whatever arrived before counts
    }
    return bytes.toString(StandardCharsets.ISO_8859_1);
  }
}
