package io.koreanllm.helm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback port that records the first line of every connection and answers nothing: where a process's proxy
 * and hub address point, so that any call it tries to make to the outside world is seen (and goes nowhere).
 */
final class RecordingPort implements AutoCloseable {

  private final ServerSocket socket;
  private final List<String> seen = new CopyOnWriteArrayList<>();

  RecordingPort() throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::accept, "recording-port");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return socket.getLocalPort();
  }

  /** The first line of each connection made so far ("CONNECT huggingface.co:443 HTTP/1.1", say). */
  List<String> seen() {
    return List.copyOf(seen);
  }

  private void accept() {
    while (!socket.isClosed()) {
      try (Socket connection = socket.accept()) {
        connection.setSoTimeout(2000);
        String line = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8))
            .readLine();
        seen.add(line == null ? "(a connection that sent nothing)" : line);
      } catch (IOException e) {
        if (!socket.isClosed()) {
          seen.add("(a connection that failed: " + e + ")");
        }
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
