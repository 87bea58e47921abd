package io.koreanllm.gateway.quota.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The scripts of the hot path, read from resources once, each with {@code common.lua} in front of it (the helpers
 * they share); Spring runs them by SHA, loading them if missing.
 */
public record RedisScripts(RedisScript<List<Object>> admit, RedisScript<List<Object>> settle,
    RedisScript<List<Object>> release, RedisScript<List<Object>> heartbeat) {

  static RedisScripts load() {
    String common = text("common.lua");
    return new RedisScripts(script(common, "admit.lua"), script(common, "settle.lua"), script(common, "release.lua"),
        script(common, "heartbeat.lua"));
  }

  List<RedisScript<List<Object>>> all() {
    return List.of(admit, settle, release, heartbeat);
  }

  /** Any script of {@code resources/redis}, with the shared helpers in front of it, answering named fields. */
  public static RedisScript<List<Object>> named(String name) {
    return script(text("common.lua"), name);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static RedisScript<List<Object>> script(String common, String name) {
    return (RedisScript) RedisScript.of(common + "\n" + text(name), List.class);
  }

  private static String text(String name) {
    try {
      return new ClassPathResource("redis/" + name).getContentAsString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Lua script missing from the jar: redis/" + name, e);
    }
  }
}
