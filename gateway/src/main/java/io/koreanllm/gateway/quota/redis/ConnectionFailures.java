package io.koreanllm.gateway.quota.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import java.io.IOException;
import org.springframework.data.redis.RedisConnectionFailureException;

/**
 * Which failures of a Redis call mean Redis cannot be reached: the connection refused, reset, closed or not
 * connected, or a command lost with it. A slow answer is not one of them, nor is an error Redis itself answers (a
 * script error, OOM, READONLY): those leave the failure mode alone.
 */
final class ConnectionFailures {

  private ConnectionFailures() {
  }

  static boolean isConnectionFailure(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof RedisConnectionFailureException || cause instanceof IOException) {
        return true;
      }
      if (cause instanceof RedisException redisError) {
        return lostWithTheConnection(redisError);
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  /**
   * Lettuce gives what Redis answered, a timeout and an interrupt types of their own. Every other RedisException says
   * the command cannot be served now: mostly the connection failing it, refused while disconnected ("Currently not
   * connected") or in flight when the connection dropped ("Connection disconnected", "Connection closed") — how an
   * admission caught by a Redis crash ends; also a cluster with no node for the key's slot, or a reply Lettuce could
   * not decode. Each counts as down until the probe is answered again. (Lettuce's queue-size limits would too; they
   * are unbounded here.)
   */
  private static boolean lostWithTheConnection(RedisException error) {
    return !(error instanceof RedisCommandExecutionException || error instanceof RedisCommandTimeoutException
        || error instanceof RedisCommandInterruptedException);
  }
}
