package io.koreanllm.gateway.quota.redis;

import io.koreanllm.gateway.usage.RedisLedgerKeys;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A script's reply by name: the scripts return {@code {name, value, name, value, …}}. */
public final class ScriptReply {

  private final Map<String, Object> fields = new HashMap<>();

  private ScriptReply(List<Object> reply) {
    for (int i = 0; i + 1 < reply.size(); i += 2) {
      fields.put(reply.get(i).toString(), reply.get(i + 1));
    }
  }

  public static ScriptReply of(List<Object> reply) {
    return new ScriptReply(reply);
  }

  public long number(String name) {
    return RedisLedgerKeys.number(field(name));
  }

  public boolean flag(String name) {
    return number(name) == 1;
  }

  String text(String name) {
    return field(name).toString();
  }

  private Object field(String name) {
    Object value = fields.get(name);
    if (value == null) {
      throw new IllegalStateException("the script's reply has no '" + name + "': " + fields.keySet());
    }
    return value;
  }
}
