package io.koreanllm.gateway.quota.redis;

import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/** The two scripts of the hot path, read from resources once; Spring runs them by SHA, loading them if missing. */
public record RedisScripts(RedisScript<List<Object>> admit, RedisScript<List<Object>> settle) {

  @SuppressWarnings({"unchecked", "rawtypes"})
  public static RedisScripts load() {
    return new RedisScripts((RedisScript) RedisScript.of(new ClassPathResource("redis/admit.lua"), List.class),
        (RedisScript) RedisScript.of(new ClassPathResource("redis/settle.lua"), List.class));
  }
}
