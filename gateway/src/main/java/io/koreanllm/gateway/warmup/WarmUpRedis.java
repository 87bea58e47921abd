package io.koreanllm.gateway.warmup;

import io.koreanllm.gateway.quota.redis.RedisScripts;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpResources;
import reactor.netty.tcp.TcpServer;

/**
 * A stand-in for Redis during the warm-up of a gateway whose store is Redis: it speaks enough of the protocol
 * (RESP2) for the gateway's client to connect, load its scripts, and run them, and answers each script as Redis
 * would when every limit lets the request through. So the warm-up compiles the Redis store's path — the client's
 * encoding and decoding, the script executor, the store's reading of the replies — without writing a key to the
 * real Redis, whose counters, ledgers and heartbeats the other replicas share. What Redis decides is not warmed:
 * it runs in Redis.
 */
final class WarmUpRedis {

  private final DisposableServer server;
  private final AtomicInteger scripts = new AtomicInteger();
  private final Map<String, Function<List<String>, List<Object>>> replies = new HashMap<>();

  private WarmUpRedis() {
    reply("admit.lua", WarmUpRedis::admitted);
    reply("settle.lua", args -> List.of("settled", 1L, "new_ledger", 0L));
    reply("release.lua", args -> List.of("released", 1L));
    reply("heartbeat.lua", args -> List.of("replicas", 1L));
    reply("slot-take.lua", args -> List.of("taken", 1L, "running", 1L));
    reply("slot-give.lua", args -> List.of("given", 1L));
    reply("slot-renew.lua", args -> List.of("renewed", 0L));
    // Reactor Netty's global loops, which the real instance goes on using: no threads of its own to stop.
    server = TcpServer.create().host("127.0.0.1").port(0).runOn(HttpResources.get())
        .doOnConnection(connection -> connection.addHandlerLast(new Commands()))
        .handle((in, out) -> in.receiveObject()
            .concatMap(command -> out.sendByteArray(Mono.just(answer(castCommand(command)))).then())
            .then())
        .bindNow();
  }

  static WarmUpRedis start() {
    return new WarmUpRedis();
  }

  int port() {
    return server.port();
  }

  /** How many scripts it answered: the warm-up went through the Redis store's path that many times. */
  int scriptsAnswered() {
    return scripts.get();
  }

  void dispose() {
    server.dispose();
  }

  private void reply(String script, Function<List<String>, List<Object>> reply) {
    replies.put(RedisScripts.named(script).getSha1(), reply);
  }

  private byte[] answer(List<String> command) {
    String name = command.get(0).toUpperCase(Locale.ROOT);
    return switch (name) {
      case "PING" -> simple("PONG");
      // Redis before 6 answers HELLO so; the client then speaks RESP2, all this stand-in knows.
      case "HELLO" -> error("ERR unknown command 'HELLO'");
      case "CLIENT", "SELECT", "AUTH", "QUIT" -> simple("OK");
      case "SCRIPT" -> "LOAD".equalsIgnoreCase(command.get(1)) ? bulk(RedisScript.of(command.get(2)).getSha1())
          : error("ERR the warm-up's stand-in for Redis answers only SCRIPT LOAD");
      case "EVALSHA" -> script(command.get(1), command);
      case "EVAL" -> script(RedisScript.of(command.get(1)).getSha1(), command);
      case "SADD" -> integer(command.size() - 2);
      case "SUBSCRIBE" -> array(List.of("subscribe", command.get(1), 1L));
      default -> error("ERR the warm-up's stand-in for Redis does not answer " + name);
    };
  }

  private byte[] script(String sha, List<String> command) {
    Function<List<String>, List<Object>> reply = replies.get(sha);
    if (reply == null) {
      return error("NOSCRIPT No matching script. Please use EVAL.");
    }
    scripts.incrementAndGet();
    int keys = Integer.parseInt(command.get(2));
    return array(reply.apply(command.subList(3 + keys, command.size())));
  }

  /**
   * admit.lua's answer when nothing refuses (its ARGV: now, request id, tokens, the day's offset, the lease, the
   * cooldown, then seven per scope).
   */
  private static List<Object> admitted(List<String> args) {
    long now = System.currentTimeMillis();
    long day = Math.floorDiv(now + Long.parseLong(args.get(3)), 86_400_000L);
    int scopes = (args.size() - 6) / 7;
    String zeros = String.join(" ", Collections.nCopies(scopes, "0"));
    return List.of("admitted", 1L, "limit", "", "scope", 0L, "retry_after_ms", 0L,
        "rpm", 0L, "remaining_requests", 0L, "reset_requests_ms", 0L,
        "tpm", 0L, "remaining_tokens", 0L, "reset_tokens_ms", 0L,
        "now_ms", now, "day", day, "day_tokens", zeros, "month_tokens", zeros);
  }

  @SuppressWarnings("unchecked")
  private static List<String> castCommand(Object command) {
    return (List<String>) command;
  }

  private static byte[] simple(String text) {
    return ("+" + text + "\r\n").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] error(String text) {
    return ("-" + text + "\r\n").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] integer(long value) {
    return (":" + value + "\r\n").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bulk(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 16);
    out.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(bytes);
    out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  private static byte[] array(List<Object> elements) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("*" + elements.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (Object element : elements) {
      out.writeBytes(element instanceof Long number ? integer(number) : bulk(element.toString()));
    }
    return out.toByteArray();
  }

  /** Splits what a client sends into commands: arrays of bulk strings, as every Redis client sends them. */
  private static final class Commands extends ByteToMessageDecoder {

    @Override
    protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> out) {
      int start = in.readerIndex();
      List<String> command = read(in);
      if (command == null) {
        in.readerIndex(start); // not all of it has arrived
      } else {
        out.add(command);
      }
    }

    private static List<String> read(ByteBuf in) {
      Long count = number(in, '*');
      if (count == null) {
        return null;
      }
      List<String> command = new ArrayList<>(count.intValue());
      for (int i = 0; i < count; i++) {
        Long length = number(in, '$');
        if (length == null || in.readableBytes() < length + 2) {
          return null;
        }
        command.add(in.readCharSequence(length.intValue(), StandardCharsets.UTF_8).toString());
        in.skipBytes(2);
      }
      return command;
    }

    /** A line {@code <type><number>\r\n}, or null when it has not all arrived. */
    private static Long number(ByteBuf in, char type) {
      int end = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
      if (end < 0) {
        return null;
      }
      if (in.readByte() != type) {
        throw new IllegalStateException("not a command of bulk strings");
      }
      String digits = in.readCharSequence(end - 1 - in.readerIndex(), StandardCharsets.US_ASCII).toString();
      in.readerIndex(end + 1);
      return Long.parseLong(digits);
    }
  }
}
